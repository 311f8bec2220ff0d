import { describe, expect, it } from 'vitest';
import { discordInviteUrl } from '../../../src/platforms/discord/invite-url.js';

describe('discordInviteUrl', () => {
  it('asks for the bot and command scopes and exactly View Channel, Send Messages and Embed Links', () => {
    const url = new URL(discordInviteUrl('300000000000000001'));
    expect(url.origin + url.pathname).toBe('https://discord.com/oauth2/authorize');
    expect(url.searchParams.get('client_id')).toBe('300000000000000001');
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
    // 1 << 10 (View Channel) + 1 << 11 (Send Messages) + 1 << 14 (Embed Links)
    expect(url.searchParams.get('permissions')).toBe(String(1024 + 2048 + 16384));
  });
});
