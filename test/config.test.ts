import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('runs with nothing set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      DATABASE_URL: './data/papers.db',
      HF_API_URL: 'https://huggingface.co',
      ARXIV_API_URL: 'https://export.arxiv.org/api/query',
      ARXIV_CATEGORIES: ['cs.LG', 'cs.CL', 'cs.AI', 'cs.CV'],
      ARXIV_MIN_INTERVAL_MS: 3000,
      PORT: 3000,
    });
    expect(config.DISCORD_TOKEN).toBeUndefined();
    // Unset, each process takes its own: info for the bot, error for the one-shot commands.
    expect(config.LOG_LEVEL).toBeUndefined();
  });

  it('reads categories as a list and empty tokens as unset', () => {
    const config = loadConfig({ ARXIV_CATEGORIES: ' cs.RO , stat.ML ', DISCORD_TOKEN: '  ' });
    expect(config.ARXIV_CATEGORIES).toEqual(['cs.RO', 'stat.ML']);
    expect(config.DISCORD_TOKEN).toBeUndefined();
  });

  it('names every invalid variable', () => {
    try {
      loadConfig({ HF_API_URL: 'nope', ARXIV_MIN_INTERVAL_MS: '500', LOG_LEVEL: 'loud', ARXIV_CATEGORIES: 'cs.LG,(cat:x)' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      for (const name of ['HF_API_URL', 'ARXIV_MIN_INTERVAL_MS', 'LOG_LEVEL', 'ARXIV_CATEGORIES']) expect(problems).toContain(name);
    }
  });

  it('wants both Discord variables or neither', () => {
    expect(() => loadConfig({ DISCORD_TOKEN: 'abc' })).toThrow(/DISCORD_APPLICATION_ID: the Discord front end needs both/);
    expect(() => loadConfig({ DISCORD_APPLICATION_ID: '123' })).toThrow(/DISCORD_TOKEN: the Discord front end needs both/);
    expect(loadConfig({ DISCORD_TOKEN: 'abc', DISCORD_APPLICATION_ID: '123' }).DISCORD_APPLICATION_ID).toBe('123');
  });

  it('wants a Slack bot token with one way in, and tells swapped tokens apart', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(
      /SLACK_APP_TOKEN: set SLACK_APP_TOKEN \(xapp-…, Socket Mode\) or SLACK_SIGNING_SECRET/,
    );
    expect(() => loadConfig({ SLACK_APP_TOKEN: 'xapp-1' })).toThrow(/SLACK_BOT_TOKEN: the Slack front end needs SLACK_BOT_TOKEN/);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xapp-1', SLACK_APP_TOKEN: 'xoxb-1' })).toThrow(/starts with xoxb-[\s\S]*starts with xapp-/);
    const socket = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' });
    expect(socket).toMatchObject({ SLACK_ADMINS: [], SLACK_CHANNEL_SETTINGS_BY: 'admins' });
    const http = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      SLACK_ADMINS: 'U01ABC, W02DEF',
      SLACK_CHANNEL_SETTINGS_BY: 'anyone',
    });
    expect(http).toMatchObject({ SLACK_ADMINS: ['U01ABC', 'W02DEF'], SLACK_CHANNEL_SETTINGS_BY: 'anyone' });
    expect(() => loadConfig({ SLACK_ADMINS: 'alice' })).toThrow(/SLACK_ADMINS.*Slack user ids such as U0123ABCD/);
    expect(() => loadConfig({ SLACK_CHANNEL_SETTINGS_BY: 'everyone' })).toThrow(/SLACK_CHANNEL_SETTINGS_BY/);
  });
});
