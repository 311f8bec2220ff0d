// Redaction: fields that carry tokens are censored wherever they appear in a logged object, so a client error
// logged whole can never print a secret.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { tempDir } from './helpers/temp-store.js';

describe('the logger', () => {
  it('censors tokens, authorization headers and secrets, at the top and one level down', () => {
    const file = join(tempDir(), 'bot.log');
    const logger = createLogger({ LOG_LEVEL: 'trace' }, file);
    logger.error(
      {
        token: 'xoxb-top',
        err: { token: 'xoxb-nested', headers: { authorization: 'Bot discord-secret' } },
        options: { botToken: 'xoxb-option', appToken: 'xapp-option', signingSecret: 'signing-option' },
        channel: 'C0KEEP',
      },
      'a failure',
    );
    logger.flush();
    const line = readFileSync(file, 'utf8');
    for (const secret of ['xoxb-top', 'xoxb-nested', 'discord-secret', 'xoxb-option', 'xapp-option', 'signing-option'])
      expect(line).not.toContain(secret);
    expect(line).toContain('[secret]');
    expect(line).toContain('C0KEEP');
  });
});
