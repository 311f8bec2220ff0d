// A clock that only moves when something sleeps on it: gaps between events become exact, and no test waits.
export interface FakeClock {
  now: () => number;
  /** Records the delay, moves time forward by it, resolves at once. */
  sleep: (ms: number) => Promise<void>;
  /** Moves time forward without recording a sleep (time spent "doing a request"). */
  advance: (ms: number) => void;
  readonly sleeps: number[];
}

export function createFakeClock(start = 0): FakeClock {
  let time = start;
  const sleeps: number[] = [];
  return {
    now: () => time,
    sleep: (ms) => {
      sleeps.push(ms);
      time += ms;
      return Promise.resolve();
    },
    advance: (ms) => {
      time += ms;
    },
    sleeps,
  };
}
