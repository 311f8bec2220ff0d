import { describe, expect, it } from 'vitest';
import { discordInviteUrl } from '../../../src/platforms/discord/invite-url.js';

describe('discordInviteUrl', () => {
  it('asks for the bot and command scopes and exactly View Channel, Send Messages, Embed Links and the two thread permissions', () => {
    const url = new URL(discordInviteUrl('300000000000000001'));
    expect(url.origin + url.pathname).toBe('https://discord.com/oauth2/authorize');
    expect(url.searchParams.get('client_id')).toBe('300000000000000001');
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
    // 1 << 10 (View Channel) + 1 << 11 (Send Messages) + 1 << 14 (Embed Links)
    // + 1 << 35 (Create Public Threads) + 1 << 38 (Send Messages in Threads)
    expect(url.searchParams.get('permissions')).toBe(String(1024n + 2048n + 16384n + (1n << 35n) + (1n << 38n)));
  });
});
