// The app manifest a workspace admin creates the app from: /papers, the Home tab, Socket Mode, and exactly the
// bot scopes the Web API methods we call need (read off the code, so a new call without its scope fails here).
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

function methodsCalled(): Set<string> {
  const dir = fileURLToPath(new URL('../../../src/platforms/slack/', import.meta.url));
  const methods = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(`${dir}${file}`, 'utf8');
    for (const match of text.matchAll(/client\.(\w+)\.(\w+)\(/g)) methods.add(`${match[1]}.${match[2]}`);
    for (const match of text.matchAll(/apiCall\('([\w.]+)'/g)) methods.add(match[1] ?? '');
  }
  return methods;
}

describe('slack/manifest.json', () => {
  it('declares /papers, the Home tab, interactivity and Socket Mode', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(['/papers']);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(['app_home_opened']);
    expect(SLACK_EVENTS_PATH).toBe('/slack/events');
  });

  it('asks for exactly the scopes of the methods the code calls', () => {
    const called = methodsCalled();
    expect([...called].sort()).toEqual(Object.keys(SCOPES_OF).sort());
    const needed = new Set([...called].flatMap((m) => SCOPES_OF[m] ?? []));
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(['commands', ...needed].sort());
  });
});
