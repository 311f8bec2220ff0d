// The README's configuration table and command reference are generated from src/config.ts and commands/; this
// fails when either changed without `npm run readme`, or when the README's other tables leave something out.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commands } from '../commands/index.js';
import { discordExample, slackExample } from '../scripts/digest-previews.js';
import { envExample } from '../scripts/env-example.js';
import { commandReference, configTable, withGeneratedSections } from '../scripts/readme-sections.js';
import { cliCommands } from '../src/cli.js';
import { configSchema } from '../src/config.js';

const README = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');

describe('the README', () => {
  it('has the configuration table and command reference the code generates (run npm run readme if not)', () => {
    expect(withGeneratedSections(README)).toBe(README);
  });

  it('documents every variable of src/config.ts, with its real default', () => {
    const table = configTable();
    for (const name of Object.keys(configSchema.shape)) expect(table).toContain(`| \`${name}\` |`);
    expect(table).toContain('| `PORT` | ');
    expect(table).toMatch(/\| `ARXIV_CATEGORIES` \| .* \| `cs\.LG,cs\.CL,cs\.AI,cs\.CV` \|/);
    expect(table).toMatch(/\| `INSTANCE_NAME` \| .* \| the host name \|/);
  });

  it('comes with a .env.example the code generates, every variable commented out with its default', () => {
    const example = readFileSync(fileURLToPath(new URL('../.env.example', import.meta.url)), 'utf8');
    expect(example).toBe(envExample());
    for (const name of Object.keys(configSchema.shape)) expect(example).toMatch(new RegExp(`^# ${name}=`, 'm'));
    expect(example).toMatch(/^# HOST=127\.0\.0\.1$/m);
    // Nothing is set by copying it.
    expect(example.split('\n').filter((line) => line !== '' && !line.startsWith('#'))).toEqual([]);
  });

  it('lists every /papers command with its usage and examples', () => {
    const reference = commandReference();
    expect(reference.split('\n')).toHaveLength(commands.length + 2);
    for (const command of commands) {
      expect(reference).toContain(`| \`${command.usage.replace(/\|/g, '\\|')}\` |`);
      for (const example of command.examples) expect(reference).toContain(`\`${example}\``);
    }
  });

  it('shows the example digest as the real Discord and Slack payloads render it', () => {
    const discord = discordExample();
    const slack = slackExample();
    expect(discord).toContain('┃ 1. Sparse Attention at Scale   [thumbnail]');
    expect(discord).toContain('[1 · HF] [1 · arXiv] [1 · PDF] [1 · code]');
    expect(slack).toContain('[HF] [arXiv] [PDF] [code]');
    expect(slack).toContain('▲ 97   topics: rlhf');
    for (const example of [discord, slack]) expect(README).toContain(example);
  });

  it('lists every papers command-line command', () => {
    for (const command of cliCommands) expect(README).toMatch(new RegExp(`^\\| \`papers ${command.name}[\` ]`, 'm'));
  });

  it('documents every papers command-line command in full in docs/cli.md', () => {
    const cli = readFileSync(fileURLToPath(new URL('../docs/cli.md', import.meta.url)), 'utf8');
    for (const command of cliCommands) expect(cli).toMatch(new RegExp(`^\\| \`papers ${command.name}[\` ]`, 'm'));
  });

  it('refuses a README without the generated sections rather than guessing where they go', () => {
    expect(() => withGeneratedSections('# papers-bot\n')).toThrow(/no "<!-- BEGIN generated:discord-example/);
  });
});
