// How many due targets per second claimDueTargets hands out: every due bench target claimed in batches of
// CLAIM_BATCH by 1 or more claimers at once, each with its own owner, releasing nothing, so each claim leaves the
// rows it took out of the next one's reach. Also checks the claims' promise: no target is handed out twice.
import { CLAIM_BATCH, TARGET_CLAIM_MS } from '../src/delivery/digest-scheduler.js';
import type { Store } from '../src/store/database.js';
import { sqlRun } from '../src/store/sql-runner.js';
import { claimDueTargets } from '../src/store/targets-repository.js';
import { BENCH_PLATFORM, DIGEST_AT } from './digest-targets.js';

export interface ClaimRateResult {
  claimers: number;
  batchSize: number;
  /** Targets handed out in all, and how many distinct ones: equal when nothing was claimed twice. */
  claimed: number;
  distinct: number;
  claimedTwice: number;
  /** Per claimer, in the order they were started. */
  perClaimer: number[];
  seconds: number;
  targetsPerSecond: number;
  /** claimDueTargets calls that returned rows. */
  batches: number;
}

/**
 * `stores` are the claimers' connections: on PostgreSQL one pool can serve them all (each call takes a connection of
 * its own), on SQLite a store per claimer would only queue on the file's one writer, so one store is passed and the
 * claimers' statements run one after another there. Leaves every claim in place; resetClaims lets them go.
 */
export async function measureClaimRate(stores: readonly Store[], claimers: number): Promise<ClaimRateResult> {
  const now = new Date(DIGEST_AT);
  const claimedBy: number[][] = Array.from({ length: claimers }, () => []);
  let batches = 0;
  const claimer = async (i: number): Promise<void> => {
    const store = stores[i % stores.length];
    if (store === undefined) throw new Error('measureClaimRate needs a store');
    for (;;) {
      const due = await claimDueTargets(store, {
        now,
        limit: CLAIM_BATCH,
        platforms: [BENCH_PLATFORM],
        owner: `bench-claimer-${i}`,
        leaseMs: TARGET_CLAIM_MS,
      });
      if (due.length === 0) return;
      batches += 1;
      claimedBy[i]?.push(...due.map((t) => t.id));
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: claimers }, (_, i) => claimer(i)));
  const seconds = (performance.now() - started) / 1000;
  const all = claimedBy.flat();
  const distinct = new Set(all).size;
  return {
    claimers,
    batchSize: CLAIM_BATCH,
    claimed: all.length,
    distinct,
    claimedTwice: all.length - distinct,
    perClaimer: claimedBy.map((ids) => ids.length),
    seconds: Math.round(seconds * 1000) / 1000,
    targetsPerSecond: Math.round(all.length / Math.max(seconds, 1e-9)),
    batches,
  };
}

/** Lets every claim go, so the same targets are due for the next measurement (claims move no schedule). */
export async function resetClaims(store: Store): Promise<void> {
  await sqlRun(store, 'UPDATE targets SET claimed_by = NULL, claim_expires_at = NULL WHERE platform = ?', [BENCH_PLATFORM]);
}
