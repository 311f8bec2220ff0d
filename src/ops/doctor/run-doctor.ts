// Runs every check: the configuration's own, then the upstreams at the same time as the database, and each
// platform once the database has said which channels to look at. Results come back grouped by area.
import type { Config } from '../../config.js';
import { AREAS, type CheckResult, type PlatformChecker } from './check.js';
import { frontEndChecks } from './config-checks.js';
import { databaseChecks } from './database-checks.js';
import { upstreamChecks } from './upstream-checks.js';

/** Channels looked at per platform; a bigger install is sampled, oldest digests first, and the rest counted. */
export const CHANNEL_CAP = 100;

export interface DoctorOptions {
  config: Config;
  /** The platform checkers this configuration turns on (the CLI builds them: platform code stays out of here). */
  platforms: PlatformChecker[];
  now: Date;
  /** This machine's clock, read again when the database server's is (to compare them); the real one by default. */
  clock?: () => Date;
  /** Checks that were already made (the configuration's, when the caller loaded it). */
  before?: CheckResult[];
}

export async function runDoctor(options: DoctorOptions): Promise<CheckResult[]> {
  const { config, now } = options;
  const upstreams = upstreamChecks(config, now);
  const database = await databaseChecks(config, now, CHANNEL_CAP, options.clock ?? (() => new Date()));
  const platforms = options.platforms.map((checker) =>
    checker.check(database.channels.get(checker.area) ?? { targets: [], notChecked: 0 }),
  );
  const results = [
    ...(options.before ?? frontEndChecks(config)),
    ...database.results,
    ...(await upstreams),
    ...(await Promise.all(platforms)).flat(),
  ];
  return byArea(results);
}

/** Stable order: by area as listed in AREAS, and in the order they were made within an area. */
export function byArea(results: CheckResult[]): CheckResult[] {
  return AREAS.flatMap((area) => results.filter((r) => r.area === area));
}
