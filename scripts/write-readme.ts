// npm run readme: rewrites the README's generated sections (configuration table, command reference) and
// .env.example from the code.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { envExample } from './env-example.js';
import { withGeneratedSections } from './readme-sections.js';

const README = fileURLToPath(new URL('../README.md', import.meta.url));
const before = readFileSync(README, 'utf8');
const after = withGeneratedSections(before);
writeFileSync(README, after);
console.log(after === before ? 'README.md was up to date' : 'README.md: generated sections rewritten');

const ENV_EXAMPLE = fileURLToPath(new URL('../.env.example', import.meta.url));
const example = envExample();
let previous = '';
try {
  previous = readFileSync(ENV_EXAMPLE, 'utf8');
} catch {
  // Not written yet.
}
writeFileSync(ENV_EXAMPLE, example);
console.log(example === previous ? '.env.example was up to date' : '.env.example rewritten');
