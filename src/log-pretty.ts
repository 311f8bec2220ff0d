// Human-readable log lines for a person at a terminal: "09:51:02.123 INFO  digest sent  target=12 platform=discord".
// pino writes JSON (already redacted) and this turns each line into text; machines keep getting JSON.
const LEVELS: Record<number, { name: string; color: string }> = {
  10: { name: 'TRACE', color: '\u001b[90m' },
  20: { name: 'DEBUG', color: '\u001b[36m' },
  30: { name: 'INFO ', color: '\u001b[32m' },
  40: { name: 'WARN ', color: '\u001b[33m' },
  50: { name: 'ERROR', color: '\u001b[31m' },
  60: { name: 'FATAL', color: '\u001b[35m' },
};
const RESET = '\u001b[0m';
const DIM = '\u001b[2m';

/** Fields every line has, shown in the prefix (or left out) instead of as key=value. */
const PREFIX_FIELDS = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'app']);

function value(field: unknown): string {
  if (typeof field === 'string') return /^[^\s"=]+$/.test(field) ? field : JSON.stringify(field);
  return JSON.stringify(field) ?? String(field);
}

function clock(time: unknown): string {
  const date = new Date(typeof time === 'number' ? time : Date.now());
  return date.toISOString().slice(11, 23);
}

/** One JSON log line as text; a line that is not JSON is passed through as it is. */
export function prettyLogLine(json: string, color: boolean): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const level = LEVELS[typeof entry.level === 'number' ? entry.level : 30] ?? { name: String(entry.level), color: '' };
  const paint = (code: string, text: string) => (color ? `${code}${text}${RESET}` : text);
  // An error object is shown below the line with its stack; an error given as text stays a field.
  const errorObject = typeof entry.err === 'object' && entry.err !== null;
  const fields = Object.entries(entry)
    .filter(([key]) => !PREFIX_FIELDS.has(key) && !(key === 'err' && errorObject))
    .map(([key, field]) => `${key}=${value(field)}`);
  const head = `${paint(DIM, clock(entry.time))} ${paint(level.color, level.name)} ${typeof entry.msg === 'string' ? entry.msg : ''}`;
  const lines = [fields.length === 0 ? head : `${head}  ${paint(DIM, fields.join(' '))}`];
  // An error keeps its stack, indented under the line, the part a person needs when something broke.
  const err = entry.err as { type?: unknown; message?: unknown; stack?: unknown } | undefined;
  if (errorObject && err !== undefined) {
    const text = (field: unknown, fallback: string) => (typeof field === 'string' ? field : fallback);
    const stack = typeof err.stack === 'string' ? err.stack : `${text(err.type, 'Error')}: ${text(err.message, '')}`;
    lines.push(...stack.split('\n').map((line) => `    ${line}`));
  }
  return `${lines.join('\n')}\n`;
}

/** A pino destination that writes pretty lines to `sink` (itself a pino destination). */
export function prettyStream(sink: { write(text: string): unknown; flushSync?(): void }, color: boolean) {
  return {
    write(json: string): void {
      sink.write(prettyLogLine(json, color));
    },
    flush(): void {
      sink.flushSync?.();
    },
  };
}
