// The `semantic_models.model` blob: a small JSON header (vocabulary as one newline-joined string, IVF groups)
// followed by the float32 arrays, 4-byte aligned. ~5 MB per 10k vocabulary terms at 128 dimensions.
import type { IvfCentroids } from './ivf.js';
import { createLsaModel, type LsaModel } from './lsa-model.js';

const FORMAT = 1;

interface Header {
  format: number;
  vocabulary: string;
  dimensions: number;
  lists: number;
  groupLists: number[][];
}

export function encodeModel(model: LsaModel): Buffer {
  const header: Header = {
    format: FORMAT,
    vocabulary: model.vocabulary.join('\n'),
    dimensions: model.dimensions,
    lists: model.ivf?.lists ?? 0,
    groupLists: model.ivf?.groupLists.map((g) => [...g]) ?? [],
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const headerBytes = 4 + json.length + ((4 - (json.length % 4)) % 4);
  const arrays = [model.idf, model.projection, model.ivf?.centroids, model.ivf?.coarse].filter((a): a is Float32Array => a !== undefined);
  const out = Buffer.alloc(headerBytes + arrays.reduce((n, a) => n + a.byteLength, 0));
  out.writeUInt32LE(json.length, 0);
  json.copy(out, 4);
  let offset = headerBytes;
  for (const a of arrays) {
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(out, offset);
    offset += a.byteLength;
  }
  return out;
}

export function decodeModel(blob: Uint8Array): LsaModel {
  const bytes = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  const jsonLength = bytes.readUInt32LE(0);
  const header = JSON.parse(bytes.toString('utf8', 4, 4 + jsonLength)) as Header;
  if (header.format !== FORMAT) throw new Error(`Unknown semantic model format ${header.format}`);
  const vocabulary = header.vocabulary === '' ? [] : header.vocabulary.split('\n');
  const k = header.dimensions;
  let offset = 4 + jsonLength + ((4 - (jsonLength % 4)) % 4);
  // Copied into fresh arrays: the blob's buffer need not be aligned, and must not be kept alive whole.
  const take = (length: number): Float32Array => {
    const a = new Float32Array(length);
    Buffer.from(a.buffer).set(bytes.subarray(offset, offset + length * 4));
    offset += length * 4;
    return a;
  };
  const idf = take(vocabulary.length);
  const projection = take(vocabulary.length * k);
  let ivf: IvfCentroids | null = null;
  if (header.lists > 0) {
    const centroids = take(header.lists * k);
    const coarse = take(header.groupLists.length * k);
    ivf = { lists: header.lists, centroids, coarse, groupLists: header.groupLists.map((g) => Uint16Array.from(g)) };
  }
  return createLsaModel({ vocabulary, idf, dimensions: k, projection, ivf });
}
