// The PostgreSQL advisory locks the store takes, in one place so no two uses share a key by accident (a shared key
// would make unrelated work wait for each other). Arbitrary constants; kysely's migrator uses its own.

/** Paper writes (ingest, import): one writer at a time, so doc ids and the search index stay consistent. */
export const PAPER_WRITES_LOCK = 160_001;
/** Rebuilding the search vocabulary: processes starting together each find it missing. */
export const SEARCH_VOCABULARY_LOCK = 160_002;
/** `papers migrate-data` into one database: two runs at once copy once. */
export const COPY_LOCK = 160_003;
/** Claiming an ingest run: two claims at once would both read "no live run" (claims are rare: one lock for all sources). */
export const INGEST_CLAIM_LOCK = 160_004;
/** Refitting the semantic model: one refit at a time across processes. */
export const SEMANTIC_REFIT_LOCK = 160_010;
