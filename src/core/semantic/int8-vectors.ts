// Vectors are stored and held as int8: a unit vector's components lie in [-1, 1], so ×127 and rounding keeps
// about two decimal digits each, costs a quarter of float32, and changes cosine rankings only among near ties.

export const INT8_SCALE = 127;

export function quantize(vector: Float32Array, out = new Int8Array(vector.length)): Int8Array {
  for (let j = 0; j < vector.length; j += 1) {
    out[j] = Math.max(-127, Math.min(127, Math.round((vector[j] as number) * INT8_SCALE)));
  }
  return out;
}

export function dequantize(vector: Int8Array): Float32Array {
  const out = new Float32Array(vector.length);
  for (let j = 0; j < vector.length; j += 1) out[j] = (vector[j] as number) / INT8_SCALE;
  return out;
}

/** The stored blob of a quantized vector (a copy: better-sqlite3 keeps no reference to it). */
export function vectorBlob(vector: Int8Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}
