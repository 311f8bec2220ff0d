// Why a send failed, and what to do about it: try again later (rate limits, server errors, timeouts), or stop
// delivering to the target and tell its admin (no access, channel gone, token revoked).

export type FailureKind = 'retry' | 'stop';

/** Thrown by a Messenger when it knows what kind of failure it met. */
export class DeliveryFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    /** How long the platform asked us to wait (rate limits). */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'DeliveryFailure';
  }
}

export interface ClassifiedFailure {
  kind: FailureKind;
  reason: string;
  retryAfterMs: number | null;
}

function numberField(value: unknown, key: string): number | null {
  if (typeof value !== 'object' || value === null || !(key in value)) return null;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'number' ? field : null;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null) {
    const message = 'message' in error ? error.message : undefined;
    return typeof message === 'string' ? message : JSON.stringify(error);
  }
  if (typeof error === 'string') return error;
  if (typeof error === 'number' || typeof error === 'boolean' || typeof error === 'bigint') return error.toString();
  return error === null ? 'null' : typeof error === 'symbol' ? error.toString() : 'undefined';
}

/** Pure: the same error always gets the same answer. Unknown errors are retried (a bounded number of times). */
export function classifyDeliveryFailure(error: unknown): ClassifiedFailure {
  const reason = describeError(error);
  if (error instanceof DeliveryFailure) return { kind: error.kind, reason, retryAfterMs: error.retryAfterMs };
  const status = numberField(error, 'status') ?? numberField(error, 'statusCode');
  if (status !== null) {
    if (status === 429 || status >= 500 || status === 408) return { kind: 'retry', reason, retryAfterMs: null };
    if (status === 401 || status === 403 || status === 404 || status === 410) return { kind: 'stop', reason, retryAfterMs: null };
  }
  // Timeouts, dropped connections and anything unrecognised: worth another try later.
  return { kind: 'retry', reason, retryAfterMs: null };
}
