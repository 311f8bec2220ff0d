// The port every chat platform implements to receive digests. The scheduler knows nothing else about them.
import type { Digest } from '../core/digest/digest.js';
import type { Target } from '../core/targets/target.js';

export interface Messenger {
  /** The platform whose targets it serves: "console", "discord", "slack". */
  readonly platform: string;
  /**
   * Sends one digest (split into several messages if the platform needs to) and returns the platform's message
   * ids. `deliveryId` identifies the digest in the ledger; a platform may use it as an idempotency key.
   * Throws DeliveryFailure (or any error, classified by classifyDeliveryFailure) when it cannot.
   */
  sendDigest(target: Target, digest: Digest, deliveryId: number): Promise<string[]>;
  /**
   * Tells the person who configured the target that its digest stopped, why, and how it gets going again (each
   * platform knows what fixes it there). Best effort.
   */
  notifyPaused(target: Target, reason: string): Promise<void>;
}
