// Store errors the command line turns into exit codes; in a file of their own so that `papers --help` can
// recognise them without loading SQLite and the migrations.
export class UnsupportedDatabaseUrlError extends Error {}

export class MigrationError extends Error {}

/** A feature asked of a PostgreSQL store that so far only SQLite has. */
export class NotOnPostgresError extends Error {
  constructor() {
    super('This part of papers-bot works on a SQLite file only; use a SQLite DATABASE_URL for it.');
  }
}
