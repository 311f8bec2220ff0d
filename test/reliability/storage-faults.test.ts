// Storage faults: the database locked by another process, read-only, or on a full disk. A change gets a clear
// answer (nothing changed, why), commands that only read still answer, and the file passes integrity_check.
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../commands/command.js';
import { answerConsoleLine, CONSOLE_CALLER } from '../../src/platforms/console/console-bot.js';
import { recordScenario } from '../helpers/reliability-record.js';
import { loadSearchCorpus } from '../helpers/search-corpus.js';
import { createTempStore, type TempStore } from '../helpers/temp-store.js';

let temp: TempStore;
let context: CommandContext;
let holder: ChildProcess | undefined;

beforeEach(async () => {
  temp = await createTempStore();
  await loadSearchCorpus(temp.store);
  context = { store: temp.store, now: () => new Date('2026-11-29T12:00:00Z'), caller: CONSOLE_CALLER };
});

afterEach(async () => {
  holder?.stdin?.end();
  if (holder !== undefined && holder.exitCode === null) await once(holder, 'exit');
  holder = undefined;
  await temp.cleanup();
});

const say = async (line: string) => (await answerConsoleLine(line, context)) ?? '';

function integrityOk(): boolean {
  const check = new Database(temp.path, { readonly: true });
  try {
    return check.pragma('integrity_check', { simple: true }) === 'ok';
  } finally {
    check.close();
  }
}

/** Reading goes on: a search and the topics list answer as usual. */
async function expectReadsWork(): Promise<void> {
  expect(await say('/papers search diffusion')).toMatch(/^ ?1\. /m);
  expect(await say('/papers topics')).toContain('This channel follows');
}

describe('storage faults', () => {
  it(
    'a database another process holds locked: changes are refused in words, reads answer, nothing breaks',
    { timeout: 30_000 },
    async () => {
      // Another process takes the write lock and keeps it until its input closes.
      holder = spawn(
        process.execPath,
        [
          '-e',
          `const D = require('better-sqlite3'); const d = new D(${JSON.stringify(temp.path)}); d.exec('BEGIN IMMEDIATE');
         process.stdout.write('locked\\n'); process.stdin.on('end', () => { d.exec('ROLLBACK'); d.close(); process.exit(0); }); process.stdin.resume();`,
        ],
        { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'inherit'] },
      );
      await once(holder.stdout!, 'data');
      // Waiting out the whole busy timeout is not the point here.
      temp.store.sqlite.pragma('busy_timeout = 100');
      const refused = await say('/papers subscribe locked topic');
      expect(refused).toBe(
        'Nothing was changed: the papers database is locked by another process. Reading still works; try the change again once that is fixed.',
      );
      await expectReadsWork();
      holder.stdin?.end();
      await once(holder, 'exit');
      expect(await say('/papers subscribe locked topic')).toContain('locked topic');
      expect(integrityOk()).toBe(true);
      recordScenario({
        id: 'storage-locked',
        scenario: 'Database locked by another process: a change refused in words, reads answer, then the change succeeds',
        runs: 1,
        notes: 'integrity_check ok',
      });
    },
  );

  it('a read-only database: changes are refused in words, reads answer', async () => {
    temp.store.sqlite.pragma('query_only = ON');
    expect(await say('/papers settings time 08:30')).toBe(
      'Nothing was changed: the papers database is read-only here. Reading still works; try the change again once that is fixed.',
    );
    await expectReadsWork();
    temp.store.sqlite.pragma('query_only = OFF');
    expect(integrityOk()).toBe(true);
    recordScenario({
      id: 'storage-read-only',
      scenario: 'Read-only database: a change refused in words, reads answer',
      runs: 1,
      notes: 'integrity_check ok',
    });
  });

  it('a full disk: changes are refused in words, reads answer, and the file stays whole', async () => {
    // SQLite stops growing the file at max_page_count, exactly as on a full disk (SQLITE_FULL).
    const pages = temp.store.sqlite.pragma('page_count', { simple: true }) as number;
    temp.store.sqlite.pragma(`max_page_count = ${pages}`);
    let answer = '';
    let tries = 0;
    for (; tries < 500 && !answer.startsWith('Nothing was changed'); tries += 1) {
      answer = await say(`/papers subscribe topic number ${tries} ${'with a long name '.repeat(5)}`);
      if (answer.includes('the most allowed'))
        context = { ...context, caller: { ...CONSOLE_CALLER, channel: `console-${tries}`, user: `u${tries}` } };
    }
    expect(answer).toBe(
      'Nothing was changed: the disk holding the papers database is full. Reading still works; try the change again once that is fixed.',
    );
    await expectReadsWork();
    expect(integrityOk()).toBe(true);
    recordScenario({
      id: 'storage-full',
      scenario: 'Full disk: a change refused in words, reads answer',
      runs: 1,
      notes: `refused after ${tries} writes; integrity_check ok`,
    });
  });
});
