// The port every chat platform implements to receive digests. The scheduler knows nothing else about them.
import type { Digest } from '../core/digest/digest.js';
import type { Target } from '../core/targets/target.js';

/** One attempt at sending a digest recorded in the ledger. */
export interface DeliveryAttempt {
  /** The delivery's id in the ledger; a platform may build idempotency keys from it. */
  id: number;
  /**
   * Which call to the platform this is for the delivery (1: the first), counting calls that failed and calls a
   * crash cut short (each is recorded before it is made). From the second on, an earlier call may have posted a
   * part and died before recording it: a platform that can look (message metadata, a nonce) should, before
   * posting it again. Taking a digest over from a dead process that never called the platform adds nothing.
   */
  number: number;
  /** Message ids posted by earlier attempts, in order: those parts of the digest are not sent again. */
  sent: readonly string[];
  /** Records one more posted message (in order), before the next is sent, so a retry resumes after it. */
  recordSent(messageId: string): Promise<void>;
}

export interface Messenger {
  /** The platform whose targets it serves: "console", "discord", "slack". */
  readonly platform: string;
  /**
   * Digests this platform takes at once. Where a global request rate binds (Discord), a few keep it busy; where
   * a pace per channel binds (Slack), most sends are waiting, and many may overlap. Default: the scheduler's.
   */
  readonly concurrency?: number;
  /**
   * Sends one digest (split into several messages if the platform needs to), skipping the parts an earlier
   * attempt already posted, and returns every message id of the digest. Throws DeliveryFailure (or any error,
   * classified by classifyDeliveryFailure) when it cannot.
   */
  sendDigest(target: Target, digest: Digest, attempt: DeliveryAttempt): Promise<string[]>;
  /**
   * Tells the person who configured the target that its digest stopped, why, and how it gets going again (each
   * platform knows what fixes it there). Best effort.
   */
  notifyPaused(target: Target, reason: string): Promise<void>;
}
