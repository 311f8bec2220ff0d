// Who may change a Slack channel's digest: workspace admins and owners (asked of Slack, remembered for a few
// minutes), the users the operator lists in SLACK_ADMINS, or anyone when the operator says so. In a direct
// message with the bot, the channel is one's own.
import type { webApi } from '@slack/bolt';

export interface ChannelManagers {
  canManage(userId: string, channelId: string): Promise<boolean>;
}

export interface ChannelManagersOptions {
  client: webApi.WebClient;
  admins: readonly string[];
  anyone: boolean;
  now: () => Date;
}

/** How long a user's admin flag is trusted before Slack is asked again. */
const ADMIN_FLAG_TTL_MS = 10 * 60_000;

export function isDirectMessage(channelId: string): boolean {
  return channelId.startsWith('D');
}

export function channelManagers(options: ChannelManagersOptions): ChannelManagers {
  const known = new Map<string, { admin: boolean; at: number }>();
  const isWorkspaceAdmin = async (userId: string): Promise<boolean> => {
    const now = options.now().getTime();
    const cached = known.get(userId);
    if (cached !== undefined && now - cached.at < ADMIN_FLAG_TTL_MS) return cached.admin;
    const { user } = await options.client.users.info({ user: userId });
    const admin = user?.is_admin === true || user?.is_owner === true || user?.is_primary_owner === true;
    known.set(userId, { admin, at: now });
    return admin;
  };
  return {
    async canManage(userId, channelId) {
      if (options.anyone || isDirectMessage(channelId) || options.admins.includes(userId)) return true;
      return isWorkspaceAdmin(userId);
    },
  };
}
