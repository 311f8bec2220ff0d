// SQLite refusing a write for a reason outside the bot (another process holds the lock, the file is read-only,
// the disk is full), in words a user can act on. Nothing was changed when this happens: the write's transaction
// was rolled back whole.

export type StoreTroubleKind = 'locked' | 'read-only' | 'full' | 'unwritable';

const TROUBLES: [RegExp, StoreTroubleKind, string][] = [
  [/^SQLITE_(BUSY|LOCKED)/, 'locked', 'the papers database is locked by another process'],
  [/^SQLITE_READONLY/, 'read-only', 'the papers database is read-only here'],
  [/^SQLITE_FULL/, 'full', 'the disk holding the papers database is full'],
  [/^SQLITE_(IOERR|CANTOPEN)/, 'unwritable', 'the papers database cannot be written (a disk or file problem)'],
];

function troubleOf(error: unknown): [RegExp, StoreTroubleKind, string] | undefined {
  const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : '';
  return TROUBLES.find(([pattern]) => pattern.test(code));
}

/** Which of SQLite's refusals this error is; null for any other error. */
export function storeTroubleKind(error: unknown): StoreTroubleKind | null {
  return troubleOf(error)?.[1] ?? null;
}

/** What went wrong with the store, for a user; null when the error is not a storage problem. */
export function storeTrouble(error: unknown): string | null {
  const words = troubleOf(error)?.[2];
  return words === undefined ? null : `Nothing was changed: ${words}. Reading still works; try the change again once that is fixed.`;
}
