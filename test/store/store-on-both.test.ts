// The repositories behave the same on SQLite and on PostgreSQL: the same calls, the same answers, the same rows.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PaperInput } from '../../src/core/paper.js';
import type { TargetAddress } from '../../src/core/targets/target.js';
import type { Store } from '../../src/store/database.js';
import {
  beginDeliveryCall,
  claimDigest,
  claimOpenDeliveries,
  closeDelivery,
  findDelivery,
  markDeliverySent,
  pendingDeliveryCount,
  recordDeliveryMessage,
  type DigestClaim,
} from '../../src/store/deliveries-repository.js';
import { deliveredAmong } from '../../src/store/digest-candidates.js';
import { claimInstanceName, heartbeatInstance, releaseInstanceName } from '../../src/store/instances-repository.js';
import {
  claimIngestRun,
  finishIngestRun,
  lastSucceededIngestAt,
  lastSucceededIngestBySource,
  recentIngestRuns,
  renewIngestLease,
} from '../../src/store/ingest-runs-repository.js';
import { docIdOfPaper, findPaper, findPapersByIds, paperCount, paperStats, upsertPapers } from '../../src/store/papers-repository.js';
import {
  addSubscription,
  listSubscriptions,
  removeSubscription,
  subscriptionsOfTargets,
} from '../../src/store/subscriptions-repository.js';
import {
  claimDueTargets,
  dueTargets,
  ensureTarget,
  findTargetById,
  pauseWorkspace,
  releaseTargetClaims,
  resumeWorkspace,
} from '../../src/store/targets-repository.js';
import { createStoreOf, DIALECTS, type Dialect } from '../helpers/temp-store.js';

const T0 = '2026-11-20T08:00:00.000Z';
const NOW = new Date('2026-11-30T07:00:00.000Z');
const MINUTE = 60_000;

const arxiv: PaperInput = {
  source: 'arxiv',
  id: '2611.10001',
  title: 'Dense Gating for Mixture of Experts',
  abstract: 'We study mixture of experts (MoE) gating.',
  authors: ['Ada Example', 'Ben Sample'],
  publishedAt: '2026-11-19T17:00:00.000Z',
  categories: ['cs.LG', 'cs.CL'],
};
const hf: PaperInput = {
  source: 'hf',
  id: '2611.10001',
  title: 'Dense Gating for Mixture of Experts',
  upvotes: 42,
  dailyDate: '2026-11-20',
  organization: { name: 'deepmind', fullname: 'Google DeepMind' },
  aiKeywords: ['mixture of experts'],
};

const channel = (address: string): TargetAddress => ({ platform: 'console', workspace: 'local', kind: 'channel', address });

describe.each(DIALECTS)('the store on %s', (dialect: Dialect) => {
  let store: Store;
  let temp: Awaited<ReturnType<typeof createStoreOf>>;
  beforeEach(async () => {
    temp = await createStoreOf(dialect);
    store = temp.store;
  });
  afterEach(async () => {
    await temp.cleanup();
  });

  describe('papers', () => {
    it('merges sources, counts what changed, and reads back the same paper', async () => {
      expect(await upsertPapers(store, [arxiv], T0)).toEqual({ new: 1, updated: 0, unchanged: 0, reindexed: 1 });
      expect(await upsertPapers(store, [arxiv], T0)).toEqual({ new: 0, updated: 0, unchanged: 1, reindexed: 0 });
      expect(await upsertPapers(store, [hf], T0)).toMatchObject({ new: 0, updated: 1, unchanged: 0 });
      const paper = await findPaper(store, arxiv.id);
      expect(paper).toMatchObject({
        id: '2611.10001',
        title: arxiv.title,
        authors: ['Ada Example', 'Ben Sample'],
        publishedAt: '2026-11-19T17:00:00.000Z',
        dailyDate: '2026-11-20',
        upvotes: 42,
        categories: ['cs.LG', 'cs.CL'],
        sources: ['arxiv', 'hf'],
        firstSeenAt: T0,
      });
      expect(await paperCount(store)).toBe(1);
      expect(await paperStats(store)).toMatchObject({ papers: 1, bySource: { hf: 1, arxiv: 1, both: 1 }, newestDailyDate: '2026-11-20' });
    });

    it('applies several inputs for one paper within a batch in order, and old-style ids get free doc ids', async () => {
      const counts = await upsertPapers(
        store,
        [arxiv, { ...hf, upvotes: 3 }, { ...hf, upvotes: 5 }, { source: 'arxiv', id: 'hep-th/9901001', title: 'Strings' }],
        T0,
      );
      expect(counts).toMatchObject({ new: 2, updated: 2 });
      const found = await findPapersByIds(store, [arxiv.id, 'hep-th/9901001']);
      expect(found.get(arxiv.id)?.upvotes).toBe(5);
      expect(found.get('hep-th/9901001')?.title).toBe('Strings');
    });
  });

  describe('targets and subscriptions', () => {
    it('creates a target once, lists it as due, and keeps its topics', async () => {
      const target = await ensureTarget(store, channel('c1'), NOW, 'U1');
      expect(await ensureTarget(store, channel('c1'), NOW, 'U2')).toEqual(target);
      expect(target.id).toBeGreaterThan(0);
      expect(target).toMatchObject({ adminUser: 'U1', pausedReason: null, windowStart: null });
      expect(target.nextRunAt).toBeInstanceOf(Date);
      expect(await dueTargets(store, new Date(target.nextRunAt.getTime() - 1), 10, ['console'])).toEqual([]);
      expect((await dueTargets(store, target.nextRunAt, 10, ['console'])).map((t) => t.id)).toEqual([target.id]);

      expect(
        await addSubscription(store, { targetId: target.id, query: 'Diffusion', queryKey: 'diffusion', createdBy: 'U1', now: NOW }),
      ).toBe(true);
      expect(
        await addSubscription(store, { targetId: target.id, query: 'diffusion', queryKey: 'diffusion', createdBy: 'U1', now: NOW }),
      ).toBe(false);
      expect((await listSubscriptions(store, target.id)).map((s) => s.query)).toEqual(['Diffusion']);
      expect((await subscriptionsOfTargets(store, [target.id])).get(target.id)?.length).toBe(1);
      expect(await removeSubscription(store, target.id, 'diffusion')).toBe(true);
      expect(await listSubscriptions(store, target.id)).toEqual([]);
    });

    it('shares due targets between processes claiming together, and frees a claim when it ends or is released', async () => {
      const made = [];
      for (let i = 0; i < 10; i += 1) made.push(await ensureTarget(store, channel(`c${i}`), NOW, null));
      const at = new Date(Math.max(...made.map((t) => t.nextRunAt.getTime())));
      const claim = (owner: string, now = at) => claimDueTargets(store, { now, limit: 6, platforms: ['console'], owner, leaseMs: MINUTE });
      const [a, b] = await Promise.all([claim('a:1'), claim('b:2')]);
      const ids = [...a, ...b].map((t) => t.id);
      expect(ids.sort((x, y) => x - y)).toEqual(made.map((t) => t.id).sort((x, y) => x - y));
      expect(new Set(ids).size).toBe(10);
      expect(await claim('c:3')).toEqual([]);
      expect(await claim('c:3', new Date(at.getTime() + MINUTE + 1))).toHaveLength(6);
      await releaseTargetClaims(store, 'c:3');
      expect(await claim('d:4', new Date(at.getTime() + MINUTE + 2))).toHaveLength(6);
      expect(await claimDueTargets(store, { now: at, limit: 6, platforms: ['slack'], owner: 'e:5', leaseMs: MINUTE })).toEqual([]);
    });

    it('pauses and resumes a workspace', async () => {
      const target = await ensureTarget(store, channel('c1'), NOW, null);
      expect((await pauseWorkspace(store, 'console', 'local', 'removed from the server', NOW)).map((t) => t.id)).toEqual([target.id]);
      expect((await findTargetById(store, target.id))?.settings.paused).toBe(true);
      expect((await resumeWorkspace(store, 'console', 'local', 'removed from the server', NOW)).map((t) => t.id)).toEqual([target.id]);
      expect((await findTargetById(store, target.id))?.settings.paused).toBe(false);
    });
  });

  describe('the delivery ledger', () => {
    async function claimFor(address: string, overrides: Partial<DigestClaim> = {}) {
      await upsertPapers(store, [arxiv], T0);
      const target = await ensureTarget(store, channel(address), NOW, null);
      const claim: DigestClaim = {
        targetId: target.id,
        expectedRunAt: target.nextRunAt,
        nextRunAt: new Date(target.nextRunAt.getTime() + 86_400_000),
        nextWindowStart: target.nextRunAt,
        digestDate: '2026-11-30',
        windowStart: new Date(target.nextRunAt.getTime() - 86_400_000),
        windowEnd: target.nextRunAt,
        status: 'pending',
        content: { trending: [arxiv.id], topics: [] },
        paperIds: [arxiv.id],
        error: null,
        owner: 'one:1',
        leaseMs: 5 * MINUTE,
        now: NOW,
        ...overrides,
      };
      return { target, claim, result: await claimDigest(store, claim) };
    }

    it('claims a digest once: a second claim of the same run is taken, the papers are recorded', async () => {
      const { target, claim, result } = await claimFor('c1');
      expect(result.claimed).toBe(true);
      expect(await claimDigest(store, claim)).toEqual({ claimed: false, reason: 'taken' });
      const docId = (await docIdOfPaper(store, arxiv.id))!;
      expect([...(await deliveredAmong(store, target.id, [docId, docId + 1]))]).toEqual([docId]);
      expect(await pendingDeliveryCount(store)).toBe(1);
      if (!result.claimed) throw new Error('not claimed');
      const delivery = await findDelivery(store, result.deliveryId);
      expect(delivery).toMatchObject({
        targetId: target.id,
        digestDate: '2026-11-30',
        status: 'pending',
        content: { trending: [arxiv.id], topics: [] },
        attempts: 0,
        calls: 0,
        messageIds: [],
        error: null,
      });
      expect(delivery?.scheduledFor.toISOString()).toBe(target.nextRunAt.toISOString());
    });

    it('records calls and messages, then marks it sent', async () => {
      const { result } = await claimFor('c1');
      if (!result.claimed) throw new Error('not claimed');
      expect(await beginDeliveryCall(store, result.deliveryId)).toBe(1);
      await recordDeliveryMessage(store, result.deliveryId, 'm1');
      await recordDeliveryMessage(store, result.deliveryId, 'm2');
      expect((await findDelivery(store, result.deliveryId))?.messageIds).toEqual(['m1', 'm2']);
      await markDeliverySent(store, result.deliveryId, ['m1', 'm2', 'm3'], NOW);
      expect(await findDelivery(store, result.deliveryId)).toMatchObject({ status: 'sent', attempts: 1, messageIds: ['m1', 'm2', 'm3'] });
      expect(await beginDeliveryCall(store, result.deliveryId)).toBeNull();
      expect(await pendingDeliveryCount(store)).toBe(0);
    });

    it('lets another process take a delivery over only once its lease has expired', async () => {
      const { result } = await claimFor('c1');
      if (!result.claimed) throw new Error('not claimed');
      expect(await claimOpenDeliveries(store, new Date(NOW.getTime() + MINUTE), 'two:2', 5 * MINUTE, 10, ['console'])).toEqual([]);
      const taken = await claimOpenDeliveries(store, new Date(NOW.getTime() + 6 * MINUTE), 'two:2', 5 * MINUTE, 10, ['console']);
      expect(taken.map((d) => d.id)).toEqual([result.deliveryId]);
      expect(await claimOpenDeliveries(store, new Date(NOW.getTime() + 7 * MINUTE), 'three:3', 5 * MINUTE, 10, ['console'])).toEqual([]);
      expect(await claimOpenDeliveries(store, new Date(NOW.getTime() + 6 * MINUTE), 'two:2', 5 * MINUTE, 10, ['slack'])).toEqual([]);
    });

    it('closing a delivery gives its papers back and rewinds the window', async () => {
      const { target, result } = await claimFor('c1');
      if (!result.claimed) throw new Error('not claimed');
      await closeDelivery(store, result.deliveryId, 'skipped', 'too late', NOW);
      expect(await findDelivery(store, result.deliveryId)).toMatchObject({ status: 'skipped', error: 'too late', attempts: 0 });
      const docId = (await docIdOfPaper(store, arxiv.id))!;
      expect([...(await deliveredAmong(store, target.id, [docId]))]).toEqual([]);
      const after = await findTargetById(store, target.id);
      expect(after?.windowStart?.toISOString()).toBe(new Date(target.nextRunAt.getTime() - 86_400_000).toISOString());
    });
  });

  describe('instance names', () => {
    const claim = (host: string, pid: number, now: Date, alive = true) =>
      claimInstanceName(store, { name: 'alpha', host, pid, now, leaseMs: MINUTE, isAlive: () => alive });

    it('keeps a live holder’s name, frees it after the lease, or at once when the holder died on this host', async () => {
      expect(await claim('h1', 100, NOW)).toEqual({ claimed: true });
      const refused = await claim('h2', 200, new Date(NOW.getTime() + 30_000));
      expect(refused).toEqual({
        claimed: false,
        holder: { host: 'h1', pid: 100, heartbeatAt: NOW.toISOString(), leaseExpiresAt: new Date(NOW.getTime() + MINUTE).toISOString() },
      });
      expect(
        await heartbeatInstance(store, { name: 'alpha', host: 'h1', pid: 100, now: new Date(NOW.getTime() + 50_000), leaseMs: MINUTE }),
      ).toBe(true);
      expect((await claim('h2', 200, new Date(NOW.getTime() + 100_000))).claimed).toBe(false);
      expect((await claim('h2', 200, new Date(NOW.getTime() + 111_000))).claimed).toBe(true);
      // h1's process, stalled past its lease, finds the name taken.
      expect(
        await heartbeatInstance(store, { name: 'alpha', host: 'h1', pid: 100, now: new Date(NOW.getTime() + 112_000), leaseMs: MINUTE }),
      ).toBe(false);
      expect((await claim('h2', 201, new Date(NOW.getTime() + 113_000), true)).claimed).toBe(false);
      expect((await claim('h2', 201, new Date(NOW.getTime() + 113_000), false)).claimed).toBe(true);
      await releaseInstanceName(store, 'alpha', 'h2', 201);
      expect((await claim('h3', 300, new Date(NOW.getTime() + 114_000))).claimed).toBe(true);
    });
  });

  describe('ingest runs', () => {
    const run = (now: Date) => ({ source: 'hf', windowStart: '2026-11-29', windowEnd: '2026-11-30', now, leaseMs: 30 * MINUTE });

    it('lets one run hold a source, takes an expired lease over, and reports the last success', async () => {
      const first = await claimIngestRun(store, run(NOW));
      expect(first).toEqual(expect.any(Number));
      expect(await claimIngestRun(store, run(new Date(NOW.getTime() + MINUTE)))).toBeNull();
      await renewIngestLease(store, first!, new Date(NOW.getTime() + 60 * MINUTE));
      expect(await claimIngestRun(store, run(new Date(NOW.getTime() + 45 * MINUTE)))).toBeNull();
      const second = await claimIngestRun(store, run(new Date(NOW.getTime() + 61 * MINUTE)));
      expect(second).toEqual(expect.any(Number));
      const finishedAt = new Date(NOW.getTime() + 62 * MINUTE);
      await finishIngestRun(store, second!, {
        fetched: 3,
        new: 2,
        updated: 1,
        unchanged: 0,
        skipped: 0,
        now: finishedAt,
        error: null,
        skippedSamples: [],
      });
      const runs = await recentIngestRuns(store, 5);
      expect(runs.map((r) => [r.id, r.status])).toEqual([
        [second, 'succeeded'],
        [first, 'failed'],
      ]);
      expect(runs[1]?.error).toMatch(/abandoned/);
      expect(await lastSucceededIngestAt(store)).toBe(finishedAt.toISOString());
      expect((await lastSucceededIngestBySource(store)).get('hf')).toBe(finishedAt.toISOString());
    });
  });
});
