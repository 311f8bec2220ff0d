// Store errors the command line turns into exit codes; in a file of their own so that `papers --help` can
// recognise them without loading SQLite and the migrations.
export class UnsupportedDatabaseUrlError extends Error {}

export class MigrationError extends Error {}
