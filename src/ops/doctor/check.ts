// What `papers doctor` finds: one result per check, in the area it belongs to, with a fix when something is wrong.
import type { Config } from '../../config.js';
import type { Target } from '../../core/targets/target.js';

export type CheckArea = 'config' | 'database' | 'upstream' | 'discord' | 'slack';
export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface CheckResult {
  area: CheckArea;
  name: string;
  status: CheckStatus;
  detail: string;
  /** What to do about it; only for warn and fail. */
  fix?: string;
}

/** The doctor waits at most this long for one upstream or platform request, whatever HTTP_TIMEOUT_MS allows. */
const MAX_REQUEST_MS = 10_000;

export function doctorTimeoutMs(config: Pick<Config, 'HTTP_TIMEOUT_MS'>): number {
  return Math.min(config.HTTP_TIMEOUT_MS, MAX_REQUEST_MS);
}

export const AREAS: readonly CheckArea[] = ['config', 'database', 'upstream', 'discord', 'slack'];

export function ok(area: CheckArea, name: string, detail: string): CheckResult {
  return { area, name, status: 'ok', detail };
}

export function warn(area: CheckArea, name: string, detail: string, fix: string): CheckResult {
  return { area, name, status: 'warn', detail, fix };
}

export function fail(area: CheckArea, name: string, detail: string, fix: string): CheckResult {
  return { area, name, status: 'fail', detail, fix };
}

/** The channel targets of one platform that a platform checker looks at, and how many it was not given. */
export interface ChannelTargets {
  targets: Target[];
  notChecked: number;
}

/** Checks one chat platform's token and channels; implemented next to each platform, wired in by the CLI. */
export interface PlatformChecker {
  area: 'discord' | 'slack';
  check(channels: ChannelTargets): Promise<CheckResult[]>;
}

/** A failure's text, for a check's detail: the message only (never a stack, never a request's headers). */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Checks every channel, `parallel` at a time, and answers in the channels' order. */
export async function checkEach(
  targets: readonly Target[],
  parallel: number,
  check: (target: Target) => Promise<CheckResult>,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < targets.length; i = next++) {
      const target = targets[i];
      if (target !== undefined) results[i] = await check(target);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return results;
}

/** What the channel checks did not cover: no channel at all, or more than the cap. */
export function channelCoverage(area: CheckArea, channels: ChannelTargets): CheckResult[] {
  const notes: CheckResult[] = [];
  if (channels.targets.length === 0) notes.push(ok(area, 'channels', 'no channel digests yet'));
  if (channels.notChecked > 0) {
    notes.push(
      warn(
        area,
        'channels',
        `${channels.notChecked} more channel digests were not checked`,
        'only the oldest ones are checked; fix these first',
      ),
    );
  }
  return notes;
}
