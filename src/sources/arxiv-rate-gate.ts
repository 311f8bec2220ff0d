// arXiv asks API clients for at most one request every three seconds, over one connection at a time.
// The gate hands out "turns" in arrival order, each at least minIntervalMs after the previous turn began.

export interface GateClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Handed to a task running inside a turn: spaces each further request the task makes (its retries). */
export interface GateTurn {
  next(): Promise<void>;
}

export interface RateGate {
  /** Resolves when the caller may start one request. Concurrent callers are served one by one, first come first served. */
  wait(): Promise<void>;
  /**
   * Runs `task` as one turn: it starts when wait() would resolve, and no other turn starts until it settles, so
   * requests made this way never overlap even when one takes longer than the interval. Inside the task, call
   * `turn.next()` before every further request (a retry) to keep the interval without giving up the turn.
   */
  run<T>(task: (turn: GateTurn) => Promise<T>): Promise<T>;
}

// performance.now() is monotonic: a wall-clock step (NTP, DST on a misconfigured host) cannot shorten a gap.
const systemClock: GateClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export function createRateGate(minIntervalMs: number, clock: GateClock = systemClock): RateGate {
  let lastStart: number | null = null;
  // Each turn chains on the previous one, so two callers can never both see "free" and start together.
  let queue: Promise<void> = Promise.resolve();

  const space = async (): Promise<void> => {
    if (lastStart !== null) {
      let due = lastStart + minIntervalMs - clock.now();
      while (due > 0) {
        const before = clock.now();
        await clock.sleep(due);
        // Timers may fire a millisecond early; sleep the rest. A clock that does not move (a test stub) ends the loop.
        if (clock.now() === before) break;
        due = lastStart + minIntervalMs - clock.now();
      }
    }
    lastStart = clock.now();
  };
  const turn: GateTurn = { next: space };

  const run = <T>(task: (turn: GateTurn) => Promise<T>): Promise<T> => {
    const result = queue.then(async () => {
      await space();
      return task(turn);
    });
    // A failed turn (a rejected sleep, a failed request) fails its caller only; the queue must keep moving.
    queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  };

  return {
    wait: () => run(() => Promise.resolve()),
    run,
  };
}

const sharedGates = new Map<string, RateGate>();

/**
 * The process-wide gate for one arXiv API host, so every arXiv request in this process is spaced, whichever
 * command or channel made it. Keyed by host (and port): http and https to export.arxiv.org share one gate.
 * The interval is fixed by the first caller for that host.
 */
export function sharedArxivGate(apiUrl: string, minIntervalMs = 3000): RateGate {
  const key = new URL(apiUrl).host.toLowerCase();
  let gate = sharedGates.get(key);
  if (gate === undefined) {
    gate = createRateGate(minIntervalMs);
    sharedGates.set(key, gate);
  }
  return gate;
}
