import { describe, expect, it } from 'vitest';
import { classifyDeliveryFailure, DeliveryFailure } from '../../src/delivery/delivery-failure.js';

/** An error as HTTP clients throw them: a message and a numeric status field. */
const httpError = (message: string, fields: Record<string, unknown>) => Object.assign(new Error(message), fields);

describe('DeliveryFailure', () => {
  it('is an Error carrying its kind and how long to wait', () => {
    const failure = new DeliveryFailure('retry', 'rate limited', 1500);
    expect(failure).toBeInstanceOf(Error);
    expect(failure.name).toBe('DeliveryFailure');
    expect(failure.message).toBe('rate limited');
    expect(failure.kind).toBe('retry');
    expect(failure.retryAfterMs).toBe(1500);
    expect(new DeliveryFailure('stop', 'gone').retryAfterMs).toBeNull();
  });
});

describe('classifyDeliveryFailure', () => {
  it('trusts a DeliveryFailure’s own kind and wait', () => {
    expect(classifyDeliveryFailure(new DeliveryFailure('retry', 'rate limited', 1500))).toEqual({
      kind: 'retry',
      reason: 'rate limited',
      retryAfterMs: 1500,
    });
    expect(classifyDeliveryFailure(new DeliveryFailure('stop', 'channel deleted'))).toEqual({
      kind: 'stop',
      reason: 'channel deleted',
      retryAfterMs: null,
    });
    // Its kind wins over a status field that would say otherwise.
    const stopWith500 = Object.assign(new DeliveryFailure('stop', 'missing access'), { status: 500 });
    expect(classifyDeliveryFailure(stopWith500).kind).toBe('stop');
  });

  it.each([429, 408, 500, 502, 503, 504])('retries status %i', (status) => {
    expect(classifyDeliveryFailure(httpError(`HTTP ${status}`, { status }))).toEqual({
      kind: 'retry',
      reason: `HTTP ${status}`,
      retryAfterMs: null,
    });
    expect(classifyDeliveryFailure({ status }).kind).toBe('retry');
  });

  it.each([401, 403, 404])('stops on status %i', (status) => {
    expect(classifyDeliveryFailure(httpError('Missing Access', { status }))).toEqual({
      kind: 'stop',
      reason: 'Missing Access',
      retryAfterMs: null,
    });
    expect(classifyDeliveryFailure({ status }).kind).toBe('stop');
  });

  it('reads statusCode when there is no status', () => {
    expect(classifyDeliveryFailure(httpError('Forbidden', { statusCode: 403 })).kind).toBe('stop');
    expect(classifyDeliveryFailure(httpError('Unavailable', { statusCode: 503 })).kind).toBe('retry');
    // A numeric status is preferred over statusCode.
    expect(classifyDeliveryFailure(httpError('x', { status: 404, statusCode: 503 })).kind).toBe('stop');
  });

  it('retries unknown errors and non-errors, with their text as the reason', () => {
    expect(classifyDeliveryFailure(new Error('socket hang up'))).toEqual({ kind: 'retry', reason: 'socket hang up', retryAfterMs: null });
    expect(classifyDeliveryFailure(new TypeError('fetch failed'))).toEqual({ kind: 'retry', reason: 'fetch failed', retryAfterMs: null });
    expect(classifyDeliveryFailure('boom')).toEqual({ kind: 'retry', reason: 'boom', retryAfterMs: null });
    expect(classifyDeliveryFailure(null)).toEqual({ kind: 'retry', reason: 'null', retryAfterMs: null });
    expect(classifyDeliveryFailure(undefined)).toEqual({ kind: 'retry', reason: 'undefined', retryAfterMs: null });
    expect(classifyDeliveryFailure({ message: 'channel busy' }).reason).toBe('channel busy');
    expect(classifyDeliveryFailure({ code: 'X1' }).reason).toBe('{"code":"X1"}');
  });

  it('stops on 410 Gone', () => {
    expect(classifyDeliveryFailure({ status: 410, message: 'Gone' })).toEqual({ kind: 'stop', reason: 'Gone', retryAfterMs: null });
  });

  it('is pure: the same error gets the same answer every time', () => {
    const error = httpError('Too Many Requests', { status: 429 });
    expect(classifyDeliveryFailure(error)).toEqual(classifyDeliveryFailure(error));
    expect(error).toMatchObject({ status: 429, message: 'Too Many Requests' });
  });
});
