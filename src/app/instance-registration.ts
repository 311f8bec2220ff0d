// A bot process's hold on its INSTANCE_NAME among the processes sharing the store: taken at start (refused,
// with the reason in one line, while another live process holds the name), renewed by a heartbeat, given up
// at a clean stop. Leases of digests name the instance, so two live processes of one name would each take the
// other's work for a crashed predecessor's.
import type { Logger } from 'pino';
import type { Store } from '../store/database.js';
import { claimInstanceName, heartbeatInstance, releaseInstanceName } from '../store/instances-repository.js';

/** How long a name stays held without a heartbeat: a process that died frees it after this. */
export const INSTANCE_LEASE_MS = 60_000;
const HEARTBEAT_MS = 15_000;

export class InstanceNameInUseError extends Error {}

export interface InstanceRegistration {
  stop(): Promise<void>;
}

/** Whether a process with this id runs on this machine (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, run by another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function registerInstance(
  store: Store,
  options: { name: string; host: string; now: () => Date; logger: Logger },
): Promise<InstanceRegistration> {
  const me = { name: options.name, host: options.host, pid: process.pid, leaseMs: INSTANCE_LEASE_MS };
  const now = options.now();
  const result = await claimInstanceName(store, { ...me, now, isAlive });
  if (!result.claimed) {
    const { holder } = result;
    const ago = Math.max(0, Math.round((now.getTime() - new Date(holder.heartbeatAt).getTime()) / 1000));
    const wait = Math.max(1, Math.ceil((new Date(holder.leaseExpiresAt).getTime() - now.getTime()) / 1000));
    throw new InstanceNameInUseError(
      `INSTANCE_NAME "${options.name}" is in use by a running process (pid ${holder.pid} on ${holder.host}, last heartbeat ${ago} s ago): give this process its own INSTANCE_NAME, or start it again in ${wait} s if that process is gone.`,
    );
  }
  let beating: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    beating = heartbeatInstance(store, { ...me, now: options.now() }).then(
      async (held) => {
        if (held) return;
        // Stalled past the lease and the name taken meanwhile: say so, and hold it again (digest leases name
        // this very process, so nothing is sent twice either way).
        options.logger.error(
          { event: 'instance.name_lost', instance: options.name },
          'another process took this INSTANCE_NAME; taking it back',
        );
        await claimInstanceName(store, { ...me, now: options.now(), isAlive });
      },
      (error: unknown) => options.logger.warn({ err: error, event: 'instance.heartbeat_failed' }, 'instance heartbeat failed; retrying'),
    );
  }, HEARTBEAT_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await beating;
      await releaseInstanceName(store, me.name, me.host, me.pid);
    },
  };
}
