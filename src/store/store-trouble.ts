// The store refusing for a reason outside the bot, in words a user can act on: SQLite refusing a write (another
// process holds the lock, the file is read-only, the disk is full), or PostgreSQL out of reach (down, restarting,
// the network cut). Nothing was changed when this happens: the write's transaction was rolled back whole.

export type StoreTroubleKind = 'locked' | 'read-only' | 'full' | 'unwritable' | 'unreachable';

const WRITE_REFUSED = (words: string) => `Nothing was changed: ${words}. Reading still works; try the change again once that is fixed.`;

const TROUBLES: [RegExp, StoreTroubleKind, string][] = [
  [/^SQLITE_(BUSY|LOCKED)/, 'locked', WRITE_REFUSED('the papers database is locked by another process')],
  [/^SQLITE_READONLY/, 'read-only', WRITE_REFUSED('the papers database is read-only here')],
  [/^SQLITE_FULL/, 'full', WRITE_REFUSED('the disk holding the papers database is full')],
  [/^SQLITE_(IOERR|CANTOPEN)/, 'unwritable', WRITE_REFUSED('the papers database cannot be written (a disk or file problem)')],
  // The network's refusals, and PostgreSQL's own: connection exceptions (08…), shutting down or starting (57P0…).
  [
    /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|EPIPE|08\d\d\d|57P0[1-3])$/,
    'unreachable',
    'The papers database is briefly unavailable (it cannot be reached right now). Nothing was changed; try again in a minute.',
  ],
];

/** node-postgres says these in words only, without a code; PostgreSQL refuses a closed database with 55000. */
const UNREACHABLE_WORDS =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)|is not currently accepting connections/;

function troubleOf(error: unknown): [RegExp, StoreTroubleKind, string] | undefined {
  const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : '';
  const found = TROUBLES.find(([pattern]) => pattern.test(code));
  if (found !== undefined) return found;
  if (error instanceof Error && UNREACHABLE_WORDS.test(error.message)) return TROUBLES.find(([, kind]) => kind === 'unreachable');
  return undefined;
}

/** Which of the store's refusals this error is; null for any other error. */
export function storeTroubleKind(error: unknown): StoreTroubleKind | null {
  return troubleOf(error)?.[1] ?? null;
}

/** What went wrong with the store, for a user; null when the error is not a storage problem. */
export function storeTrouble(error: unknown): string | null {
  return troubleOf(error)?.[2] ?? null;
}
