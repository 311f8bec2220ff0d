// The in-memory vector index of one stored model version: the store's rows, read in one snapshot, built into the
// core's index.
import type { IvfCentroids } from '../../core/semantic/ivf.js';
import { indexBuilder, type SemanticIndex } from '../../core/semantic/semantic-index.js';
import type { SemanticStore } from '../../store/semantic-store.js';

/** See buildIndex for `spare`, the memory of an index no longer used. */
export function loadIndex(
  semantic: SemanticStore,
  version: number,
  dimensions: number,
  ivf: IvfCentroids | null,
  spare: ArrayBuffer | null = null,
): Promise<SemanticIndex> {
  return semantic.buildFromVectors(version, (expected) => indexBuilder(expected, dimensions, ivf, spare));
}
