// npm run readme: rewrites the README's generated sections (configuration table, command reference) from the code.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withGeneratedSections } from './readme-sections.js';

const README = fileURLToPath(new URL('../README.md', import.meta.url));
const before = readFileSync(README, 'utf8');
const after = withGeneratedSections(before);
writeFileSync(README, after);
console.log(after === before ? 'README.md was up to date' : 'README.md: generated sections rewritten');
