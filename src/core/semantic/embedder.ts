// What the semantic layer needs from a text model: fixed-size vectors for texts. The LSA model learned from the
// store implements it today; a better model (a sentence encoder) can replace it without touching the index.

export interface Embedder {
  /** Changes whenever vectors from this embedder stop being comparable with earlier ones. */
  readonly modelVersion: string;
  readonly dimensions: number;
  /** One L2-normalised vector per text (all zeros for a text the model knows no word of). */
  embed(texts: readonly string[]): Float32Array[];
}
