// The in-memory vector index of one stored model version: the store's rows, read in one snapshot, built into the
// core's index.
import type SQLite from 'better-sqlite3';
import type { IvfCentroids } from '../../core/semantic/ivf.js';
import { buildIndex, type SemanticIndex } from '../../core/semantic/semantic-index.js';
import { withVectorRows } from '../../store/semantic-rows.js';

/** See buildIndex for `spare`, the memory of an index no longer used. */
export function loadIndex(
  sqlite: SQLite.Database,
  version: number,
  dimensions: number,
  ivf: IvfCentroids | null,
  spare: ArrayBuffer | null = null,
): SemanticIndex {
  return withVectorRows(sqlite, version, (expected, rows) => buildIndex(expected, rows, dimensions, ivf, spare));
}
