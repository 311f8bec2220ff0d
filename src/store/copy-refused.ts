// Why `papers migrate-data` would not copy, or could not finish: one line for the user. When it is thrown, the
// PostgreSQL database holds none of the copy (it is written in one transaction) and the SQLite file is untouched.
export class CopyRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CopyRefusedError';
  }
}

/** An error's own words, on one line: node-postgres and the network can give several, or none. */
export function oneLine(error: unknown): string {
  if (error instanceof AggregateError && error.message === '') return oneLine(error.errors[0]);
  const text = error instanceof Error ? error.message : String(error);
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const line = text.split('\n')[0]?.trim() ?? '';
  return line === '' ? code || 'unknown error' : line;
}
