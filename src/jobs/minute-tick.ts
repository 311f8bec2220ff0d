// The bot's clock: node-cron fires once a minute, and each job decides whether it has work. A tick still running
// when the next minute comes is not overlapped (node-cron's noOverlap); the missed tick is simply skipped.
import cron from 'node-cron';
import type { Logger } from 'pino';

export interface MinuteTick {
  /** Runs one tick now (at start-up, so a missed digest goes out without waiting a minute). */
  runNow(): Promise<void>;
  /** Stops the clock and waits for a tick in progress. */
  stop(): Promise<void>;
}

export function startMinuteTick(logger: Logger, tick: (now: Date) => Promise<void>): MinuteTick {
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  const runOnce = (): Promise<void> => {
    if (busy) return running;
    busy = true;
    running = tick(new Date())
      .catch((error: unknown) => logger.error({ err: error }, 'scheduler tick failed; the next one will try again'))
      .finally(() => {
        busy = false;
      });
    return running;
  };
  const task = cron.schedule('* * * * *', runOnce, { name: 'papers-bot-tick', noOverlap: true });
  return {
    runNow: runOnce,
    async stop() {
      await task.stop();
      await task.destroy();
      await running;
    },
  };
}
