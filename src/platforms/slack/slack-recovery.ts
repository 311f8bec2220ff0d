// A Slack channel digest the bot paused resumes by itself where Slack tells the bot that what stopped it is
// fixed: the bot was invited back into the channel (member_joined_channel for the bot's own user) or the channel
// was unarchived (channel_unarchive; group_unarchive for a private channel on older workspaces). Nothing tells
// the bot that a revoked token, a missing scope or a workspace setting was fixed: those digests wait for
// /papers settings resume. A digest a person paused stays paused. Whoever configured it hears that it resumed.
import type { Logger } from 'pino';
import type { Target } from '../../core/targets/target.js';
import { RESUME_BY_HAND, tellResumed } from '../../delivery/paused-notice.js';
import type { Store } from '../../store/database.js';
import { channelPausedByBot, resumeDigestPausedByBot } from '../../app/targets/paused-digests.js';

/** What Slack tells the bot about a channel that can undo a pause. */
export type ChannelChange = 'bot-joined' | 'unarchived';

/** The Slack error codes (the end of a pause reason: "… (not_in_channel)") each change undoes. */
const UNDOES: Record<ChannelChange, readonly string[]> = {
  'bot-joined': ['not_in_channel', 'channel_not_found'],
  unarchived: ['is_archived', 'channel_not_found'],
};

/** What the admin is told happened, by change. */
const WHY: Record<ChannelChange, string> = {
  'bot-joined': 'the bot was invited back',
  unarchived: 'the channel was unarchived',
};

/** The Slack error code a pause reason ends with ("… (not_in_channel)"), or null (given up after retries). */
function codeOf(pausedReason: string): string | null {
  return /\((\w+)\)$/.exec(pausedReason)?.[1] ?? null;
}

function undoes(change: ChannelChange, pausedReason: string): boolean {
  const code = codeOf(pausedReason);
  return code !== null && UNDOES[change].includes(code);
}

/**
 * What gets a Slack channel digest the bot paused for `pausedReason` going again: what resumes it by itself, or
 * a person. Said in the admin's DM and in the /papers note.
 */
export function slackResumeHint(pausedReason: string): string {
  const joined = undoes('bot-joined', pausedReason);
  const unarchived = undoes('unarchived', pausedReason);
  if (joined && unarchived)
    return 'Inviting the bot back or unarchiving the channel resumes it by itself (or run /papers settings resume there).';
  if (joined) return 'Inviting the bot back resumes it by itself (or run /papers settings resume there).';
  if (unarchived) return 'Unarchiving the channel resumes it by itself (or run /papers settings resume there).';
  return RESUME_BY_HAND;
}

/** Tells a person something in a DM; failures are the caller's to log. */
export type Tell = (userId: string, text: string) => Promise<void>;

export interface SlackRecovery {
  /**
   * Slack told the bot that `change` happened to a channel: its digest resumes if the bot paused it for a reason
   * this undoes. Returns the digest resumed, or null.
   */
  channelChanged(teamId: string, channelId: string, change: ChannelChange): Promise<Target | null>;
}

export function slackRecovery(options: { store: Store; logger: Logger; now: () => Date; tell: Tell }): SlackRecovery {
  const { store, logger } = options;
  return {
    async channelChanged(teamId, channelId, change) {
      const target = await channelPausedByBot(store, 'slack', teamId, channelId);
      if (target === null || target.pausedReason === null || !undoes(change, target.pausedReason)) return null;
      const resumed = await resumeDigestPausedByBot(store, target.id, options.now());
      if (resumed === null) return null;
      logger.info(
        { event: 'target.resumed', target: resumed.id, team: teamId, channel: channelId, change },
        `${WHY[change]}; digest resumed`,
      );
      // Not awaited: a DM may wait out a rate limit, and nothing needs to wait for it.
      void tellResumed(options.tell, resumed, WHY[change]).catch((error: unknown) =>
        logger.warn({ err: error, target: resumed.id }, 'could not tell the admin that the digest resumed'),
      );
      return resumed;
    },
  };
}
