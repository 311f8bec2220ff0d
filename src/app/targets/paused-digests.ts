// Digests the bot paused itself (it was removed from a server, lost a channel, lost its permission to post) and
// the ways they start again: the front ends report what they see, and these decide what it means for the digests.
import type { Target } from '../../core/targets/target.js';
import type { Store } from '../../store/database.js';
import { channelsPausedByBot, findTarget, pauseWorkspace, resumePausedByBot, resumeWorkspace } from '../../store/targets-repository.js';

/** The channel's digest when the bot paused it (with its reason); null when it is running, paused by a person, or unknown. */
export async function channelPausedByBot(store: Store, platform: string, workspace: string, channel: string): Promise<Target | null> {
  const target = await findTarget(store, { platform, workspace, kind: 'channel', address: channel });
  return target !== null && target.settings.paused && target.pausedReason !== null ? target : null;
}

/** Up to `limit` channel digests of a workspace the bot paused: what a reminder or a recheck looks at. */
export function workspaceChannelsPausedByBot(store: Store, platform: string, workspace: string, limit?: number): Promise<Target[]> {
  return channelsPausedByBot(store, platform, workspace, limit);
}

/** Starts a digest the bot paused again; null when a person paused it meanwhile (theirs to resume) or it runs. */
export function resumeDigestPausedByBot(store: Store, targetId: number, now: Date): Promise<Target | null> {
  return resumePausedByBot(store, targetId, now);
}

/** The bot left a workspace: every digest there pauses with `reason`. Returns the digests paused now. */
export function pauseWorkspaceDigests(store: Store, platform: string, workspace: string, reason: string, now: Date): Promise<Target[]> {
  return pauseWorkspace(store, platform, workspace, reason, now);
}

/** The bot is back in a workspace: the digests paused for `reason` run again. Returns the digests resumed. */
export function resumeWorkspaceDigests(store: Store, platform: string, workspace: string, reason: string, now: Date): Promise<Target[]> {
  return resumeWorkspace(store, platform, workspace, reason, now);
}
