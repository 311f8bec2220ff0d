// Folding papers into a fitted model: embed, quantize, pick the IVF list, write in one transaction per batch.
import { type Store, sqliteOf } from '../../store/database.js';
import { inTransaction } from '../../store/sql-runner.js';
import { quantize, vectorBlob } from '../../core/semantic/int8-vectors.js';
import { assignList } from '../../core/semantic/ivf.js';
import { embedCounts, type LsaModel } from '../../core/semantic/lsa-model.js';
import { paperTermCounts } from '../../core/semantic/paper-text.js';
import { paperText, pendingTexts, writeVectors, type TextRow, type VectorWrite } from '../../store/semantic-rows.js';

export function vectorWrites(model: LsaModel, rows: readonly TextRow[]): VectorWrite[] {
  const scratch = new Float32Array(model.dimensions);
  return rows.map((row) => {
    const v = embedCounts(model, paperTermCounts(paperText(row)), scratch);
    return { docId: row.doc_id, list: model.ivf === null ? 0 : assignList(model.ivf, v), vector: vectorBlob(quantize(v)) };
  });
}

/**
 * Folds every pending paper in, `batch` at a time, yielding to the event loop between batches; `written` hears of
 * each batch once it is stored (the loaded index takes the vectors in).
 */
export async function foldPending(
  store: Store,
  model: LsaModel,
  version: number,
  batch: number,
  written?: (writes: readonly VectorWrite[]) => void,
): Promise<number> {
  let folded = 0;
  for (;;) {
    const rows = pendingTexts(sqliteOf(store), batch);
    if (rows.length === 0) return folded;
    const writes = vectorWrites(model, rows);
    // On the connection the transaction holds, which waited for the refit worker's write lock on a timer.
    await inTransaction(store, () => Promise.resolve(writeVectors(sqliteOf(store), version, writes)));
    written?.(writes);
    folded += rows.length;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
