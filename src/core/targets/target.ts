// A digest destination: a channel (a team) or one person (their direct messages), and its digest settings.
import type { DigestSchedule } from '../schedule/next-run.js';

export type TargetKind = 'channel' | 'user';

/** Identifies a destination on a platform: the guild or workspace, then the channel or user inside it. */
export interface TargetAddress {
  /** "console", "discord" or "slack". */
  platform: string;
  /** Discord guild id, Slack team id, or "local" for the console. */
  workspace: string;
  kind: TargetKind;
  /** Channel id or user id. */
  address: string;
}

export type EmptyDayPolicy = 'note' | 'silent';

/** A channel's digest as messages in the channel, or as a one-line header there with the papers in a thread. */
export type DigestLayout = 'messages' | 'thread';

export interface DigestSettings extends DigestSchedule {
  /** Trending papers per digest; 0 leaves the trending section out (topics only). */
  size: number;
  /** Trending papers need at least this many upvotes. */
  minUpvotes: number;
  /** On a day with nothing new: post a one-line note, or stay silent. */
  emptyDay: EmptyDayPolicy;
  layout: DigestLayout;
  paused: boolean;
}

export interface Target extends TargetAddress {
  id: number;
  settings: DigestSettings;
  /** Set when the bot paused it because it could not deliver (no access, channel gone). */
  pausedReason: string | null;
  /** Who last configured it; told when its digest cannot be delivered. */
  adminUser: string | null;
  nextRunAt: Date;
  /** Where the next digest's window starts; null means one schedule period before the run. */
  windowStart: Date | null;
}

export const MAX_DIGEST_SIZE = 25;
export const MAX_MIN_UPVOTES = 10_000;

/**
 * Monday to Friday at 09:00 UTC. A channel gets the ten most upvoted papers; a person's own digest carries only
 * the topics they follow, unless they ask for trending papers too.
 */
export function defaultSettings(kind: TargetKind): DigestSettings {
  return {
    minuteOfDay: 9 * 60,
    timeZone: 'UTC',
    weekdays: [1, 2, 3, 4, 5],
    size: kind === 'channel' ? 10 : 0,
    minUpvotes: 0,
    emptyDay: 'note',
    layout: 'messages',
    paused: false,
  };
}

export function describeTarget(target: TargetAddress): string {
  return target.kind === 'user' ? `your direct messages` : `this channel`;
}
