// The boundaries the design depends on, checked on the source text.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
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

describe('architecture', () => {
  it('the core, the commands and delivery never import a chat platform', () => {
    // Platforms implement the Messenger port and call the command dispatcher; nothing calls into them.
    const offenders = [...sourceFiles('src/core'), ...sourceFiles('commands'), ...sourceFiles('src/delivery')].flatMap((file) =>
      importsOf(file)
        .filter((spec) => /^(discord\.js|@slack\/)/.test(spec) || /platforms\//.test(spec))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
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
