// SQLite refusing a write for a reason outside the bot (another process holds the lock, the file is read-only,
// the disk is full), in words a user can act on. Nothing was changed when this happens: the write's transaction
// was rolled back whole.

const TROUBLES: [RegExp, string][] = [
  [/^SQLITE_(BUSY|LOCKED)/, 'the papers database is locked by another process'],
  [/^SQLITE_READONLY/, 'the papers database is read-only here'],
  [/^SQLITE_FULL/, 'the disk holding the papers database is full'],
  [/^SQLITE_(IOERR|CANTOPEN)/, 'the papers database cannot be written (a disk or file problem)'],
];

/** What went wrong with the store, for a user; null when the error is not a storage problem. */
export function storeTrouble(error: unknown): string | null {
  const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : '';
  for (const [pattern, words] of TROUBLES) {
    if (pattern.test(code)) return `Nothing was changed: ${words}. Reading still works; try the change again once that is fixed.`;
  }
  return null;
}
