// int8 quantization keeps unit vectors and their cosines to within rounding, through the stored blob and back.
import { describe, expect, it } from 'vitest';
import { dequantize, INT8_SCALE, quantize, vectorBlob } from '../../../src/core/semantic/int8-vectors.js';
import { normalize } from '../../../src/core/semantic/lsa-model.js';
import { seededRandom } from '../../../src/core/semantic/seeded-random.js';

const unit = (random: () => number, k: number): Float32Array => normalize(Float32Array.from({ length: k }, () => random() - 0.5));

describe('int8 vectors', () => {
  it('round-trips each component to within half a step', () => {
    const random = seededRandom(3);
    for (let t = 0; t < 50; t += 1) {
      const v = unit(random, 96);
      const back = dequantize(quantize(v));
      v.forEach((x, j) => expect(Math.abs(x - (back[j] as number))).toBeLessThanOrEqual(0.5 / INT8_SCALE + 1e-7));
    }
  });

  it('survives the blob the store keeps, and keeps cosines within 0.01', () => {
    const random = seededRandom(4);
    const a = unit(random, 128);
    const b = unit(random, 128);
    const blob = vectorBlob(quantize(a));
    expect(blob.length).toBe(128);
    const stored = Buffer.from(blob); // what better-sqlite3 hands back: a fresh Buffer
    const qa = dequantize(new Int8Array(stored.buffer, stored.byteOffset, stored.length));
    const qb = dequantize(quantize(b));
    let exact = 0;
    let approx = 0;
    for (let j = 0; j < 128; j += 1) {
      exact += (a[j] as number) * (b[j] as number);
      approx += (qa[j] as number) * (qb[j] as number);
    }
    expect(Math.abs(exact - approx)).toBeLessThan(0.01);
  });

  it('clamps to ±127', () => {
    expect([...quantize(Float32Array.from([1, -1, 0.004, -0.004]))]).toEqual([127, -127, 1, -1]);
  });
});
