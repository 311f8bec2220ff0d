// The parts of the README that code already knows: the example digest (drawn from the real Discord and Slack
// payloads), the configuration table (from src/config.ts) and the /papers command reference (from commands/). `npm run readme` writes them between their markers; test/readme.test.ts
// fails when the README and the code disagree, so neither can drift from the other.
import { commands } from '../commands/index.js';
import { configSchema, type ConfigDoc } from '../src/config.js';
import { discordExample, slackExample } from './digest-previews.js';

/** Table cells: a pipe would end the cell, even inside a code span. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function defaultText(value: unknown, doc: ConfigDoc): string {
  if (value === undefined) return doc.unset ?? '—';
  if (Array.isArray(value)) return value.length === 0 ? (doc.unset ?? '—') : `\`${value.join(',')}\``;
  return `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;
}

export function configTable(): string {
  const defaults = configSchema.parse({}) as Record<string, unknown>;
  const rows = Object.entries(configSchema.shape).map(([name, schema]) => {
    const doc = schema.meta() as ConfigDoc | undefined;
    if (doc?.doc === undefined) throw new Error(`${name} in src/config.ts has no .meta(about(...)) to document it`);
    return `| \`${name}\` | ${cell(doc.doc)} | ${cell(defaultText(defaults[name], doc))} |`;
  });
  return ['| variable | meaning | default |', '| --- | --- | --- |', ...rows].join('\n');
}

export function commandReference(): string {
  const rows = commands.map((command) => {
    const examples = command.examples.map((example) => `\`${example}\``).join(', ');
    return `| \`${cell(command.usage)}\` | ${cell(command.details)} e.g. ${cell(examples)} |`;
  });
  return ['| command | what it does |', '| --- | --- |', ...rows].join('\n');
}

const SECTIONS: Record<string, () => string> = {
  'discord-example': discordExample,
  'slack-example': slackExample,
  config: configTable,
  commands: commandReference,
};

/** The README with every generated section written afresh; the rest is left as it is. */
export function withGeneratedSections(readme: string): string {
  let text = readme;
  for (const [name, render] of Object.entries(SECTIONS)) {
    const begin = `<!-- BEGIN generated:${name} (npm run readme; edit the code, not this section) -->`;
    const end = `<!-- END generated:${name} -->`;
    const from = text.indexOf(begin);
    const to = text.indexOf(end);
    if (from === -1 || to < from) throw new Error(`README.md has no "${begin}" … "${end}" section`);
    text = `${text.slice(0, from + begin.length)}\n${render()}\n${text.slice(to)}`;
  }
  return text;
}
