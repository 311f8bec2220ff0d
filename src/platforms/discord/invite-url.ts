// The link a server admin opens to add the bot, asking for exactly what it uses: to see the channels it posts
// in, send messages and embed links (the digest's papers), start a thread and post in it (the thread layout),
// plus the slash command scope.
import { OAuth2Scopes } from 'discord.js';
import { DIGEST_PERMISSIONS } from './access-recovery.js';

export const BOT_PERMISSIONS = DIGEST_PERMISSIONS;

export function discordInviteUrl(applicationId: string): string {
  const params = new URLSearchParams({
    client_id: applicationId,
    scope: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(' '),
    permissions: BOT_PERMISSIONS.bitfield.toString(),
  });
  return `https://discord.com/oauth2/authorize?${params.toString()}`;
}
