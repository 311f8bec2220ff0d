// A table or column name as SQL text, for statements over tables named at run time (the copy between databases):
// double-quoted, as both SQLite and PostgreSQL read identifiers.
export const quoted = (name: string): string => `"${name.replace(/"/g, '""')}"`;
