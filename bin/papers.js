#!/usr/bin/env node
// The `papers` command. TypeScript sources are loaded through tsx so that `npx papers` works right after
// `npm ci`, with no build step to forget.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
