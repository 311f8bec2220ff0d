// `papers subscribe|unsubscribe|topics --target T`: an operator's view of the same subscriptions /papers manages.
import { openAppContext } from '../app-context.js';
import { subscribe, topicsOf, unsubscribe } from '../core/subscriptions.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, type CliCommand } from './cli-command.js';
import { parseOptions } from './parse-options.js';
import { parseTargetSpec, TARGET_SPEC_HELP } from './target-spec.js';

function targetAndTopic(args: string[], needsTopic: boolean) {
  const { values, positionals } = parseOptions(args, { target: { type: 'string', short: 't' } }, needsTopic);
  const topic = positionals.join(' ').trim();
  if (values.help) return { help: true as const };
  const address = parseTargetSpec(values.target);
  if (needsTopic && topic === '') throw new UsageError('Give a topic, for example: "diffusion models" or cat:cs.CL');
  return { help: false as const, address, topic };
}

export const subscribeCliCommand: CliCommand = {
  name: 'subscribe',
  summary: 'make a target follow a topic',
  usage: 'papers subscribe --target TARGET TOPIC...',
  async run(args, config, io) {
    const parsed = targetAndTopic(args, true);
    if (parsed.help) {
      io.out(
        `Usage: ${this.usage}\n\n--target: ${TARGET_SPEC_HELP}.\nTOPIC: a search query (words, "phrases", -exclusions, author:, org:, cat:).`,
      );
      return EXIT_OK;
    }
    const app = await openAppContext(config);
    try {
      const result = await subscribe(app.store, { address: parsed.address, topic: parsed.topic, by: null, now: new Date() });
      if (result.outcome === 'invalid') {
        io.err(`papers subscribe: ${result.message}`);
        return EXIT_USAGE;
      }
      if (result.outcome === 'full') {
        io.err(result.message);
        return EXIT_FAILED;
      }
      io.out(result.message);
      return EXIT_OK;
    } finally {
      await app.store.close();
    }
  },
};

export const unsubscribeCliCommand: CliCommand = {
  name: 'unsubscribe',
  summary: 'make a target stop following a topic',
  usage: 'papers unsubscribe --target TARGET TOPIC...',
  async run(args, config, io) {
    const parsed = targetAndTopic(args, true);
    if (parsed.help) {
      io.out(`Usage: ${this.usage}\n\n--target: ${TARGET_SPEC_HELP}.`);
      return EXIT_OK;
    }
    const app = await openAppContext(config);
    try {
      const result = await unsubscribe(app.store, { address: parsed.address, topic: parsed.topic });
      if (!result.removed) {
        io.err(result.message);
        return EXIT_FAILED;
      }
      io.out(result.message);
      return EXIT_OK;
    } finally {
      await app.store.close();
    }
  },
};

export const topicsCliCommand: CliCommand = {
  name: 'topics',
  summary: "list a target's topics",
  usage: 'papers topics --target TARGET [--json]',
  async run(args, config, io) {
    const { values } = parseOptions(args, { target: { type: 'string', short: 't' }, json: { type: 'boolean' } }, false);
    if (values.help) {
      io.out(`Usage: ${this.usage}\n\n--target: ${TARGET_SPEC_HELP}.\n--json: [{topic, createdAt}].`);
      return EXIT_OK;
    }
    const address = parseTargetSpec(values.target);
    const app = await openAppContext(config);
    try {
      const topics = await topicsOf(app.store, address);
      if (values.json) io.out(JSON.stringify(topics.map((t) => ({ topic: t.query, createdAt: t.createdAt }))));
      else io.out(topics.length === 0 ? 'No topics.' : topics.map((t) => t.query).join('\n'));
      return EXIT_OK;
    } finally {
      await app.store.close();
    }
  },
};
