// The digests the database holds, as the doctor needs them: each platform's channel targets (capped, for the
// platform checks) and a summary that notices digests on a platform this configuration does not run.
import type { Config } from '../../config.js';
import type { Store } from '../../store/database.js';
import { channelTargetsOf, targetCounts } from '../../store/targets-repository.js';
import { ok, warn, type CheckResult, type ChannelTargets } from './check.js';

/** At most `cap` channel targets of a platform, oldest first, and how many more there are. */
export async function channelTargets(store: Store, platform: string, cap: number): Promise<ChannelTargets> {
  const { targets, total } = await channelTargetsOf(store, platform, cap);
  return { targets, notChecked: total - targets.length };
}

const PLATFORM_LABELS: Record<string, string> = { console: 'console', discord: 'Discord', slack: 'Slack' };

export async function targetSummary(store: Store, config: Config): Promise<CheckResult[]> {
  const rows = await targetCounts(store);
  const count = (platform: string) => rows.filter((r) => r.platform === platform).reduce((sum, r) => sum + r.count, 0);
  const parts = rows.map((r) => `${PLATFORM_LABELS[r.platform] ?? r.platform} ${r.kind === 'channel' ? 'channels' : 'people'} ${r.count}`);
  const paused = rows.reduce((sum, r) => sum + r.paused, 0);
  const results = [
    ok('database', 'digests', rows.length === 0 ? 'none set up yet' : `${parts.join(', ')}${paused > 0 ? `; ${paused} paused` : ''}`),
  ];
  const configured: Record<string, { on: boolean; how: string }> = {
    discord: { on: config.DISCORD_TOKEN !== undefined, how: 'set DISCORD_TOKEN and DISCORD_APPLICATION_ID' },
    slack: { on: config.SLACK_BOT_TOKEN !== undefined, how: 'set SLACK_BOT_TOKEN with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET' },
  };
  for (const [platform, { on, how }] of Object.entries(configured)) {
    const n = count(platform);
    if (!on && n > 0) {
      results.push(
        warn(
          'database',
          `${platform} digests`,
          `${n} ${PLATFORM_LABELS[platform]} digests are stored, but ${PLATFORM_LABELS[platform]} is off here: they are not sent`,
          how,
        ),
      );
    }
  }
  return results;
}
