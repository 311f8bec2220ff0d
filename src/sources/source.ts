// What every source module produces: normalised papers, plus the items it had to skip and why.
import type { PaperInput } from '../core/paper.js';

export interface SkippedItem {
  /** Where in the payload: an id when one could be read, else a position such as "item 3". */
  ref: string;
  reason: string;
}

export interface ParsedBatch {
  papers: PaperInput[];
  skipped: SkippedItem[];
}

/** A day as YYYY-MM-DD (UTC). */
export type IsoDay = string;

export interface IngestWindow {
  from: IsoDay;
  to: IsoDay;
}

/** Upstream answered, but with something that is not data (arXiv's "Error" entry, a JSON error object). */
export class UpstreamPayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpstreamPayloadError';
  }
}
