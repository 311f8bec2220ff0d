// Files shipped beside the code (assets/, slack/) are found from the package's root folder: the sources run from
// src/ (tests, development) and the compiled code from dist/src/, so a path relative to a module would differ.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  for (let folder = start; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    if (dirname(folder) === folder) throw new Error(`no package.json above ${start}`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** A file shipped with the package, by its path from the package's root (`assets/…`). */
export function packageFile(path: string): string {
  return join(PACKAGE_ROOT, path);
}
