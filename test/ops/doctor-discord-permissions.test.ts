// The doctor computes the bot's permissions in a channel as Discord does: @everyone and the bot's roles, owner and
// Administrator grant everything, then the channel's overwrites (@everyone, the bot's roles together, the bot itself).
// The Discord double models only @everyone and a member overwrite; the other steps are checked here.
import { PermissionFlagsBits as P } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { channelPermissions } from '../../src/platforms/discord/discord-doctor.js';

const GUILD = '1';
const BOT = '9';
const MODS = '20';
const QUIET = '21';
const everyone = P.ViewChannel | P.SendMessages;

function guild(ownerId = '5', modsPermissions = P.EmbedLinks) {
  return {
    id: GUILD,
    owner_id: ownerId,
    roles: [
      { id: GUILD, permissions: everyone },
      { id: MODS, permissions: modsPermissions },
      { id: QUIET, permissions: 0n },
    ],
  };
}

function channel(overwrites: { id: string; type: 0 | 1; allow?: bigint; deny?: bigint }[]) {
  return { id: '7', permission_overwrites: overwrites.map((o) => ({ id: o.id, type: o.type, allow: o.allow ?? 0n, deny: o.deny ?? 0n })) };
}

describe('channelPermissions', () => {
  it('adds the bot roles to @everyone', () => {
    expect(channelPermissions(guild(), BOT, [MODS], channel([]))).toBe(everyone | P.EmbedLinks);
    expect(channelPermissions(guild(), BOT, [], channel([]))).toBe(everyone);
  });

  it('gives the owner and an Administrator role everything, overwrites or not', () => {
    const denyAll = channel([{ id: BOT, type: 1, deny: everyone }]);
    expect(channelPermissions(guild(BOT), BOT, [], denyAll) & P.SendMessages).toBe(P.SendMessages);
    expect(channelPermissions(guild('5', P.Administrator), BOT, [MODS], denyAll) & P.ViewChannel).toBe(P.ViewChannel);
  });

  it('applies @everyone, then the roles together (allow wins over another role deny), then the member', () => {
    const shared: { id: string; type: 0 | 1; allow?: bigint; deny?: bigint }[] = [
      { id: GUILD, type: 0, deny: P.SendMessages },
      { id: QUIET, type: 0, deny: P.EmbedLinks },
      { id: MODS, type: 0, allow: P.SendMessages | P.EmbedLinks },
    ];
    expect(channelPermissions(guild(), BOT, [MODS, QUIET], channel(shared))).toBe(everyone | P.EmbedLinks);
    // Without the role that allows it, @everyone's deny stands.
    expect(channelPermissions(guild(), BOT, [QUIET], channel(shared))).toBe(P.ViewChannel);
    const member = channel([...shared, { id: BOT, type: 1, deny: P.ViewChannel }]);
    expect(channelPermissions(guild(), BOT, [MODS], member) & P.ViewChannel).toBe(0n);
  });
});
