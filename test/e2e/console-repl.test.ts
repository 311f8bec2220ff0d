// The console at a terminal, through a real pseudo-terminal: a prompt, Tab completion, history that Up recalls
// (across restarts, from the data folder), Ctrl-C clearing the line, Ctrl-D quitting, colour only where allowed,
// and logs kept out of the conversation.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEYS, plainText, startTerminalSession, type TerminalSession } from '../helpers/terminal-session.js';
import { tempDir } from '../helpers/temp-store.js';

const PROMPT = /papers> $/;
const CYAN_PROMPT = '\u001b[36mpapers> ';

describe('the console at a terminal', () => {
  let session: TerminalSession | undefined;
  afterEach(() => session?.kill());

  it('completes, answers, recalls with Up, clears with Ctrl-C, quits with Ctrl-D, and remembers across restarts', async () => {
    const folder = tempDir();
    const env = {
      DATABASE_URL: join(folder, 'papers.db'),
      INGEST_INTERVAL_MINUTES: '0',
      LOG_LEVEL: 'info',
      TERM: 'xterm-256color',
      NO_COLOR: '1',
    };
    session = startTerminalSession(env);
    await session.waitFor(PROMPT);

    let mark = session.screen.length;
    session.type(`/papers se${KEYS.tab}`);
    // The terminal gets only what changed: the typed text, then the rest of the completed word.
    await session.waitFor(/^\/papers search $/, mark);
    session.type(`quantization${KEYS.enter}`);
    await session.waitFor(/Beyond Outliers[\s\S]*papers> $/, mark);

    mark = session.screen.length;
    session.type(KEYS.up);
    await session.waitFor(/papers> \/papers search quantization$/, mark);
    // Ctrl-C drops the recalled line: Enter on the fresh prompt then answers nothing.
    mark = session.screen.length;
    session.type(KEYS.ctrlC);
    await session.waitFor(/\^C\s*papers> $/, mark);
    mark = session.screen.length;
    session.type(`/papers topics${KEYS.enter}`);
    await session.waitFor(/follows no topics[\s\S]*papers> $/, mark);
    expect(plainText(session.screen.slice(mark))).not.toContain('quantization');

    session.type(KEYS.ctrlD);
    expect(await session.exited).toBe(0);
    const shown = session.screen;
    expect(shown).not.toContain(CYAN_PROMPT);
    // Logs went to the file beside the database, not into the conversation.
    expect(plainText(shown)).not.toMatch(/"level":/);
    expect(readFileSync(join(folder, 'papers-bot.log'), 'utf8')).toMatch(/"msg":"stopping"/);
    expect(readFileSync(join(folder, 'console-history'), 'utf8')).toBe('/papers search quantization\n/papers topics\n');

    // A new start: Up brings back the last command of the one before, and colour shows where it is allowed.
    const { NO_COLOR: _noColour, ...coloured } = env;
    session = startTerminalSession(coloured);
    await session.waitFor(PROMPT);
    expect(session.screen).toContain(CYAN_PROMPT);
    mark = session.screen.length;
    session.type(KEYS.up);
    await session.waitFor(/papers> \/papers topics$/, mark);
    session.type(KEYS.ctrlC);
    session.type(KEYS.ctrlD);
    expect(await session.exited).toBe(0);
    expect(existsSync(join(folder, 'console-history'))).toBe(true);
  });
});
