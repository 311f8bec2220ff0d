// The boundaries the design depends on, checked on the source text.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1] ?? '');
}

/**
 * The layers and the arrows allowed between them (a layer may always import itself). Pure domain code in src/core
 * imports nothing of ours outside it; the use cases that touch the store are src/app; the store and the sources
 * know only the core; commands and the platforms reach the store through use cases (a type-only import of the
 * Store handle they pass along is allowed).
 */
const LAYERS: Record<string, readonly string[]> = {
  'src/core': [],
  'src/store': ['src/core', 'migrations'],
  'src/sources': ['src/core'],
  'src/app': ['src/core', 'src/store', 'src/sources'],
  'src/delivery': ['src/core', 'src/app', 'src/store'],
  // store-trouble.ts: the words for a refused write (locked, read-only, disk full), not a way to the data.
  commands: ['src/core', 'src/app', 'src/delivery', 'src/store/store-trouble.ts'],
  'src/platforms': ['src/core', 'src/app', 'src/delivery', 'commands', 'src/ops', 'src/package-root.ts'],
};

const layerOf = (file: string) => Object.keys(LAYERS).find((layer) => file === layer || file.startsWith(`${layer}/`)) ?? null;

describe('architecture', () => {
  it('every import follows the layer table', () => {
    const wrong: string[] = [];
    for (const layer of Object.keys(LAYERS)) {
      for (const file of sourceFiles(layer)) {
        const text = readFileSync(join(ROOT, file), 'utf8');
        for (const match of text.matchAll(/^(?:import|export) (type )?[^;]*?from '(\.{1,2}\/[^']+)';|import\('(\.{1,2}\/[^']+)'\)/gms)) {
          const spec = match[2] ?? match[3] ?? '';
          const target = normalize(join(dirname(file), spec)).replace(/\.js$/, '.ts');
          const to =
            layerOf(target) ??
            target
              .split('/')
              .slice(0, target.startsWith('src/') ? 2 : 1)
              .join('/');
          if (to === layer || LAYERS[layer]?.includes(to) || LAYERS[layer]?.includes(target)) continue;
          // The Store handle, passed along by code that reaches the data through use cases.
          if (match[1] !== undefined && target === 'src/store/database.ts') continue;
          wrong.push(`${file} -> ${target}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the core, the commands and delivery never import a chat platform', () => {
    // Platforms implement the Messenger port and call the command dispatcher; nothing calls into them.
    const offenders = [...sourceFiles('src/core'), ...sourceFiles('commands'), ...sourceFiles('src/delivery')].flatMap((file) =>
      importsOf(file)
        .filter((spec) => /^(discord\.js|@slack\/)/.test(spec) || /platforms\//.test(spec))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('ops (metrics, health, the doctor) reads the store through its functions, never the raw connection', () => {
    const raw = sourceFiles('src/ops').filter((file) =>
      /\.sqlite\b|\.db\s*\.|\bselectFrom\(|from 'better-sqlite3'|from 'kysely'/.test(readFileSync(join(ROOT, file), 'utf8')),
    );
    expect(raw).toEqual([]);
  });

  it('the core runs no SQL and imports no database driver', () => {
    const sql = sourceFiles('src/core').filter((file) =>
      /from '(better-sqlite3|kysely|pg)'|\.prepare\(|\.transaction\(/.test(readFileSync(join(ROOT, file), 'utf8')),
    );
    expect(sql).toEqual([]);
  });

  it('only src/config.ts reads process.env', () => {
    const readers = [...sourceFiles('src'), ...sourceFiles('commands')].filter((file) =>
      readFileSync(join(ROOT, file), 'utf8').includes('process.env'),
    );
    expect(readers.map((f) => relative('.', f))).toEqual(['src/config.ts']);
  });

  it('FTS5 SQL lives only in the store', () => {
    const outside = [...sourceFiles('src'), ...sourceFiles('commands')]
      .filter((file) => !file.startsWith('src/store/'))
      .filter((file) => /papers_fts|MATCH \?/.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(outside).toEqual([]);
  });

  it('migrations are listed in the order of their names', async () => {
    const { migrations } = await import('../migrations/index.js');
    const names = Object.keys(migrations);
    expect(names).toEqual([...names].sort());
    const files = readdirSync(join(ROOT, 'migrations')).filter((f) => /^\d{4}_\d{2}_\d{2}_\d{4}_.+\.ts$/.test(f));
    expect(files.map((f) => f.replace(/\.ts$/, ''))).toEqual(names);
  });
});
