// Clock faults around a scheduled digest: the wall clock jumps an hour forward, or an hour back, or back and
// forth, just before, at, or just after 09:00. Whatever it does, each day's digest is sent once, and a day is
// skipped only under the missed-digest policy (its local day over before the bot could send it).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordScenario } from '../helpers/reliability-record.js';
import { addPapers, addTarget, createHarness, dailyPaper, ledger, MINUTE, type Harness } from '../delivery/scheduler-harness.js';

let h: Harness;

beforeEach(async () => {
  h = await createHarness();
  await addPapers(h.store, [
    dailyPaper('2611.07001', '2026-11-15', 'Sunday paper'),
    dailyPaper('2611.07002', '2026-11-16', 'Monday paper'),
    dailyPaper('2611.07003', '2026-11-17', 'Tuesday paper'),
  ]);
});

afterEach(async () => h.temp.cleanup());

/** Ticks once a minute along a wall-clock path given as [from, to] pieces (a piece may start before the last ended). */
async function walk(pieces: [string, string][]): Promise<number> {
  let ticks = 0;
  for (const [from, to] of pieces) ticks += (await h.tickEvery(from, to, MINUTE)).length;
  return ticks;
}

const SCENARIOS: { name: string; pieces: [string, string][] }[] = [
  {
    name: 'forward an hour across 09:00',
    pieces: [
      ['2026-11-16T08:30:00Z', '2026-11-16T08:59:00Z'],
      ['2026-11-16T09:59:00Z', '2026-11-16T11:00:00Z'],
    ],
  },
  {
    name: 'back an hour right after 09:00',
    pieces: [
      ['2026-11-16T08:30:00Z', '2026-11-16T09:05:00Z'],
      ['2026-11-16T08:05:00Z', '2026-11-16T11:00:00Z'],
    ],
  },
  {
    name: 'forward then back then forward',
    pieces: [
      ['2026-11-16T08:50:00Z', '2026-11-16T08:58:00Z'],
      ['2026-11-16T09:58:00Z', '2026-11-16T10:02:00Z'],
      ['2026-11-16T09:02:00Z', '2026-11-16T09:10:00Z'],
      ['2026-11-16T10:10:00Z', '2026-11-16T11:00:00Z'],
    ],
  },
  {
    name: 'back an hour from just before 09:00',
    pieces: [
      ['2026-11-16T08:30:00Z', '2026-11-16T08:59:00Z'],
      ['2026-11-16T07:59:00Z', '2026-11-16T11:00:00Z'],
    ],
  },
];

describe('clock jumps around a scheduled digest', () => {
  it.each(SCENARIOS)('$name: one digest that day, none repeated, the next day as usual', async ({ name, pieces }) => {
    const target = await addTarget(h.store, 'clocked', '2026-11-13T12:00:00Z');
    const ticks = await walk([...pieces, ['2026-11-17T08:55:00Z', '2026-11-17T09:05:00Z']]);
    const days = (await ledger(h.store, target)).map((d) => [d.digestDate, d.status]);
    const duplicated = days.length - new Set(days.map(([day]) => day)).size;
    const monday = days.filter(([day, status]) => day === '2026-11-16' && status === 'sent').length;
    const tuesday = days.filter(([day, status]) => day === '2026-11-17' && status === 'sent').length;
    recordScenario({
      id: `clock-${name.replace(/\W+/g, '-')}`,
      scenario: `Clock jumps: ${name}, on a Monday 09:00 digest; then Tuesday as usual`,
      runs: ticks,
      digestsExpected: 2,
      delivered: monday + tuesday,
      duplicated,
      lost: 2 - Math.min(1, monday) - Math.min(1, tuesday),
    });
    expect(days).toEqual([
      ['2026-11-16', 'sent'],
      ['2026-11-17', 'sent'],
    ]);
    expect(h.messenger.sent).toHaveLength(2);
  });

  it('a jump over a whole day skips that day’s digest under the missed-digest policy, and says so', async () => {
    const target = await addTarget(h.store, 'asleep', '2026-11-13T12:00:00Z');
    await walk([
      ['2026-11-16T08:58:00Z', '2026-11-16T08:59:00Z'],
      ['2026-11-17T08:59:00Z', '2026-11-17T09:01:00Z'],
    ]);
    expect((await ledger(h.store, target)).map((d) => [d.digestDate, d.status])).toEqual([
      ['2026-11-16', 'skipped'],
      ['2026-11-17', 'sent'],
    ]);
    expect(h.messenger.sent.map((s) => s.digest.date)).toEqual(['2026-11-17']);
  });
});
