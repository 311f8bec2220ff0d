// .env.example, generated from src/config.ts like the README's configuration table (`npm run readme` writes both;
// test/readme.test.ts fails when either drifts). Every line is commented out, so a copy changes nothing until a
// line is uncommented: each variable with what it does and its default.
import { configSchema, type ConfigDoc } from '../src/config.js';

const WIDTH = 100;

/** A paragraph as `# ` comment lines of at most WIDTH characters (a longer word keeps its own line). */
function comment(text: string): string[] {
  const lines: string[] = [];
  let line = '#';
  for (const word of text
    .replace(/`/g, '')
    .split(/\s+/)
    .filter((w) => w !== '')) {
    if (line.length + 1 + word.length > WIDTH && line !== '#') {
      lines.push(line);
      line = '#';
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines;
}

function shownDefault(value: unknown): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.join(',');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function envExample(): string {
  const defaults = configSchema.parse({}) as Record<string, unknown>;
  const blocks = Object.entries(configSchema.shape).map(([name, schema]) => {
    const doc = schema.meta() as ConfigDoc | undefined;
    if (doc?.doc === undefined) throw new Error(`${name} in src/config.ts has no .meta(about(...)) to document it`);
    const unset = defaults[name] === undefined ? ` (unset: ${doc.unset ?? 'nothing'})` : '';
    return [...comment(`${doc.doc}${unset}`), `# ${name}=${shownDefault(defaults[name])}`].join('\n');
  });
  const head = comment(
    'papers-bot configuration: copy to .env (docker compose reads it; elsewhere node --env-file=.env bin/papers.js run) and ' +
      'uncomment what you change. Generated from src/config.ts by npm run readme; the README explains each setting.',
  );
  // Not settings of the bot: docker-compose.yml's postgres profile makes its database with them, and its bots connect
  // with them (test/ops/container.test.ts checks the defaults against the compose file's).
  const compose = [
    ...comment(
      "docker compose's postgres profile (docs/postgresql.md): the PostgreSQL role, password and database it creates, and " +
        'the bots use. Choose a password without @, : or /, which the URL would need percent-encoded.',
    ),
    '# POSTGRES_USER=papers',
    '# POSTGRES_PASSWORD=papers',
    '# POSTGRES_DB=papers',
  ].join('\n');
  return `${[head.join('\n'), ...blocks, compose].join('\n\n')}\n`;
}
