// Folding papers into a fitted model: embed, quantize, pick the IVF list, write in one transaction per batch.
import { quantize, vectorBlob } from '../../core/semantic/int8-vectors.js';
import { assignList } from '../../core/semantic/ivf.js';
import { embedCounts, type LsaModel } from '../../core/semantic/lsa-model.js';
import { paperTermCounts } from '../../core/semantic/paper-text.js';
import { paperText } from '../../store/semantic-rows.js';
import type { SemanticStore, TextRow, VectorWrite } from '../../store/semantic-store.js';

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
  semantic: SemanticStore,
  model: LsaModel,
  version: number,
  batch: number,
  written?: (writes: readonly VectorWrite[]) => void,
): Promise<number> {
  let folded = 0;
  for (;;) {
    const writes = await semantic.foldPendingBatch(version, batch, (rows) => vectorWrites(model, rows));
    if (writes.length === 0) return folded;
    written?.(writes);
    folded += writes.length;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
