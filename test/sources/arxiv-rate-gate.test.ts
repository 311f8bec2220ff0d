import { describe, expect, it } from 'vitest';
import { createRateGate, sharedArxivGate } from '../../src/sources/arxiv-rate-gate.js';
import { createFakeClock } from '../doubles/fake-clock.js';

describe('createRateGate', () => {
  it('lets the first caller through at once and spaces the next by the interval', async () => {
    const clock = createFakeClock(10_000);
    const gate = createRateGate(3000, clock);
    await gate.wait();
    expect(clock.sleeps).toEqual([]);
    clock.advance(1200); // the request took 1.2 s
    await gate.wait();
    expect(clock.sleeps).toEqual([1800]);
    expect(clock.now()).toBe(13_000);
  });

  it('does not sleep when the interval has already passed', async () => {
    const clock = createFakeClock();
    const gate = createRateGate(3000, clock);
    await gate.wait();
    clock.advance(5000);
    await gate.wait();
    expect(clock.sleeps).toEqual([]);
  });

  it('serialises concurrent callers: each starts a full interval after the one before', async () => {
    const clock = createFakeClock();
    const gate = createRateGate(3000, clock);
    const starts: number[] = [];
    const order: string[] = [];
    await Promise.all(
      ['a', 'b', 'c', 'd'].map((name) =>
        gate.wait().then(() => {
          starts.push(clock.now());
          order.push(name);
        }),
      ),
    );
    expect(order).toEqual(['a', 'b', 'c', 'd']);
    expect(starts).toEqual([0, 3000, 6000, 9000]);
    expect(clock.sleeps).toEqual([3000, 3000, 3000]);
  });

  it('sleeps again when a timer wakes early', async () => {
    let time = 0;
    const sleeps: number[] = [];
    const earlyClock = {
      now: () => time,
      sleep: (ms: number) => {
        sleeps.push(ms);
        time += sleeps.length === 1 ? ms - 2 : ms; // the first timer wakes 2 ms early
        return Promise.resolve();
      },
    };
    const gate = createRateGate(100, earlyClock);
    await gate.wait();
    await gate.wait();
    expect(sleeps).toEqual([100, 2]);
    expect(time).toBe(100);
  });

  it('keeps serving later callers after one caller’s sleep fails', async () => {
    const clock = createFakeClock();
    let failNext = true;
    const gate = createRateGate(1000, {
      now: clock.now,
      sleep: (ms) => {
        if (failNext) {
          failNext = false;
          return Promise.reject(new Error('timer broke'));
        }
        return clock.sleep(ms);
      },
    });
    await gate.wait();
    await expect(gate.wait()).rejects.toThrow('timer broke');
    await gate.wait();
    expect(clock.sleeps).toEqual([1000]);
  });
});

describe('RateGate.run', () => {
  /** Lets every already-settled promise callback run; not a timer, so nothing here depends on speed. */
  const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

  it('holds the turn until its task settles, even past the interval', async () => {
    const clock = createFakeClock();
    const gate = createRateGate(3000, clock);
    let finishTask: () => void = () => undefined;
    const events: string[] = [];
    const running = gate.run(async () => {
      events.push(`task start ${clock.now()}`);
      clock.advance(5000); // a slow request, longer than the interval
      await new Promise<void>((resolve) => (finishTask = resolve));
      events.push('task end');
      return 'page';
    });
    const waiting = gate.wait().then(() => events.push(`next start ${clock.now()}`));
    await flush();
    expect(events).toEqual(['task start 0']);
    finishTask();
    await expect(running).resolves.toBe('page');
    await waiting;
    expect(events).toEqual(['task start 0', 'task end', 'next start 5000']);
    expect(clock.sleeps).toEqual([]);
  });

  it('spaces requests inside one turn with turn.next()', async () => {
    const clock = createFakeClock();
    const gate = createRateGate(3000, clock);
    const starts: number[] = [];
    await gate.run(async (turn) => {
      starts.push(clock.now());
      clock.advance(500);
      await turn.next();
      starts.push(clock.now());
      await turn.next();
      starts.push(clock.now());
    });
    await gate.wait();
    starts.push(clock.now());
    expect(starts).toEqual([0, 3000, 6000, 9000]);
    expect(clock.sleeps).toEqual([2500, 3000, 3000]);
  });

  it('releases the turn when the task fails', async () => {
    const clock = createFakeClock();
    const gate = createRateGate(1000, clock);
    await expect(gate.run(() => Promise.reject(new Error('request failed')))).rejects.toThrow('request failed');
    await gate.wait();
    expect(clock.sleeps).toEqual([1000]);
  });
});

describe('sharedArxivGate', () => {
  it('returns one gate per API host, shared by http and https', () => {
    const a = sharedArxivGate('https://export.arxiv.org/api/query');
    expect(sharedArxivGate('http://export.arxiv.org/api/query?x=1')).toBe(a);
    expect(sharedArxivGate('http://127.0.0.1:9/api/query')).not.toBe(a);
  });
});
