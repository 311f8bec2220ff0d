// The app manifest a workspace admin creates the app from: /papers, the Home tab, Socket Mode, exactly the events
// the code listens to, and exactly the bot scopes the Web API methods we call and those events need (read off
// the code, so a new call or event without its scope fails here).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SLACK_EVENTS_PATH } from '../../../src/platforms/slack/slack-bot.js';

const manifest = JSON.parse(readFileSync(fileURLToPath(new URL('../../../slack/manifest.json', import.meta.url)), 'utf8')) as {
  features: { slash_commands: { command: string; description: string }[]; app_home: { home_tab_enabled: boolean } };
  oauth_config: { scopes: { bot: string[] } };
  settings: { socket_mode_enabled: boolean; event_subscriptions: { bot_events: string[] }; interactivity: { is_enabled: boolean } };
};

/**
 * The bot scopes each Web API method we use needs (views.publish and auth.test need none; history covers every
 * kind of channel; apps.connections.open is called with the app-level token, whose scope is connections:write).
 */
const HISTORY = ['channels:history', 'groups:history', 'im:history'];
const SCOPES_OF: Record<string, string[]> = {
  'apps.connections.open': [],
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'conversations.info': ['channels:read', 'groups:read'],
  'conversations.history': HISTORY,
  'conversations.join': ['channels:join'],
  'conversations.open': ['im:write'],
  'conversations.replies': HISTORY,
  'users.info': ['users:read'],
  'views.publish': [],
};

/** The bot scopes Slack needs before it sends each event we listen to (member_joined_channel: either). */
const EVENT_SCOPES: Record<string, string[]> = {
  app_home_opened: [],
  member_joined_channel: ['channels:read', 'groups:read'],
  channel_unarchive: ['channels:read'],
  group_unarchive: ['groups:read'],
};

function slackSources(): string[] {
  const dir = fileURLToPath(new URL('../../../src/platforms/slack/', import.meta.url));
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((file) => readFileSync(`${dir}${file}`, 'utf8'));
}

function methodsCalled(): Set<string> {
  const methods = new Set<string>();
  for (const text of slackSources()) {
    for (const match of text.matchAll(/client\.(\w+)\.(\w+)\(/g)) methods.add(`${match[1]}.${match[2]}`);
    for (const match of text.matchAll(/apiCall\('([\w.]+)'/g)) methods.add(match[1] ?? '');
  }
  return methods;
}

function eventsHeard(): Set<string> {
  return new Set(slackSources().flatMap((text) => [...text.matchAll(/app\.event\('(\w+)'/g)].map((m) => m[1] ?? '')));
}

describe('slack/manifest.json', () => {
  it('declares /papers, the Home tab, interactivity and Socket Mode', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(['/papers']);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(SLACK_EVENTS_PATH).toBe('/slack/events');
  });

  it('subscribes to exactly the events the code listens to', () => {
    const heard = eventsHeard();
    expect([...heard].sort()).toEqual(Object.keys(EVENT_SCOPES).sort());
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...heard].sort());
  });

  it('asks for exactly the scopes of the methods the code calls and the events it listens to', () => {
    const called = methodsCalled();
    expect([...called].sort()).toEqual(Object.keys(SCOPES_OF).sort());
    const needed = new Set([
      ...[...called].flatMap((m) => SCOPES_OF[m] ?? []),
      ...[...eventsHeard()].flatMap((e) => EVENT_SCOPES[e] ?? []),
    ]);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(['commands', ...needed].sort());
  });
});
