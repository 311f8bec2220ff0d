// Logs for a person at a terminal: text lines instead of JSON, still redacted, errors with their stack.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prettyLogLine } from '../src/log-pretty.js';
import { createLogger, logFormatFor } from '../src/logger.js';
import { tempDir } from './helpers/temp-store.js';

describe('pretty log lines', () => {
  it('show time, level and message first, then the fields as key=value', () => {
    const json = JSON.stringify({
      level: 30,
      time: Date.parse('2026-11-30T09:00:01.250Z'),
      pid: 7,
      app: 'papers-bot',
      event: 'digest.sent',
      target: 12,
      platform: 'discord',
      date: '2026-11-30',
      msg: 'digest sent',
    });
    expect(prettyLogLine(json, false)).toBe(
      '09:00:01.250 INFO  digest sent  event=digest.sent target=12 platform=discord date=2026-11-30\n',
    );
  });

  it('quote values with spaces, show objects as JSON, indent an error’s stack and colour only when asked', () => {
    const json = JSON.stringify({
      level: 50,
      time: 0,
      msg: 'ingest step failed',
      reason: 'a b',
      window: { from: '2026-01-01', to: '2026-01-02' },
      err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at fetch (x.ts:1:1)' },
    });
    const plain = prettyLogLine(json, false);
    expect(plain).toBe(
      '00:00:00.000 ERROR ingest step failed  reason="a b" window={"from":"2026-01-01","to":"2026-01-02"}\n    Error: boom\n        at fetch (x.ts:1:1)\n',
    );
    expect(plain).not.toContain('\u001b[');
    expect(prettyLogLine(json, true)).toContain('\u001b[31mERROR\u001b[0m');
    expect(prettyLogLine('not json', false)).toBe('not json\n');
    // An error passed as text is kept as a field.
    expect(prettyLogLine(JSON.stringify({ level: 50, time: 0, msg: 'ingest step failed', err: 'HTTP 503' }), false)).toBe(
      '00:00:00.000 ERROR ingest step failed  err="HTTP 503"\n',
    );
  });

  it('are what LOG_FORMAT asks, and by default only for a terminal', () => {
    expect(logFormatFor('auto', true, true)).toBe('pretty');
    expect(logFormatFor('auto', true, false)).toBe('json');
    expect(logFormatFor('auto', false, true)).toBe('json');
    expect(logFormatFor('json', true, true)).toBe('json');
    expect(logFormatFor('pretty', false, false)).toBe('pretty');
  });

  it('are redacted like the JSON ones', () => {
    const file = join(tempDir(), 'pretty.log');
    const logger = createLogger({ LOG_LEVEL: 'info', LOG_FORMAT: 'pretty' }, file, false);
    logger.info({ token: 'xoxb-pretty-secret', options: { botToken: 'xoxb-nested-secret' }, channel: 'C1' }, 'connected');
    logger.flush();
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}connected {2}token=\[secret\] options=\{"botToken":"\[secret\]"\}/);
    expect(text).not.toContain('xoxb-');
    expect(text).toContain('channel=C1');
  });
});
