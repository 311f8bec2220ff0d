// What the person who set up a digest is told when the bot had to pause it: which digest (a channel as a link
// the platforms render, or their own), why, and how it gets going again there; and when it resumed by itself.
import { formatRunTime } from '../core/schedule/schedule-input.js';
import type { Target } from '../core/targets/target.js';

/** What gets a channel digest the bot paused going again where nothing resumes it by itself: a person. */
export const RESUME_BY_HAND = 'Once that is fixed, run /papers settings resume there.';

/** `channelFix` says what restarts a channel's digest on the platform; a personal digest restarts by command. */
export function pausedNotice(target: Target, reason: string, channelFix: string): string {
  if (target.kind === 'user') return `Your papers digest is paused: ${reason}. Run /papers settings me resume once that is fixed.`;
  return `The papers digest for <#${target.address}> is paused: ${reason}. ${channelFix}`;
}

/** Tells whoever set the digest up that it is paused, through the platform's `tell`; nobody to tell, nothing sent. */
export async function tellPaused(
  tell: (userId: string, text: string) => Promise<void>,
  target: Target,
  reason: string,
  channelFix: string,
): Promise<void> {
  if (target.adminUser === null) return;
  await tell(target.adminUser, pausedNotice(target, reason, channelFix));
}

/** What the person who set up a channel digest the bot paused is told when it resumed by itself, and `why`. */
export function resumedNotice(target: Target, why: string): string {
  return `The papers digest for <#${target.address}> is running again: ${why}. Next digest: ${formatRunTime(target.nextRunAt, target.settings.timeZone)}.`;
}

/** Tells whoever set the digest up that it resumed, through the platform's `tell`; nobody to tell, nothing sent. */
export async function tellResumed(tell: (userId: string, text: string) => Promise<void>, target: Target, why: string): Promise<void> {
  if (target.adminUser === null) return;
  await tell(target.adminUser, resumedNotice(target, why));
}
