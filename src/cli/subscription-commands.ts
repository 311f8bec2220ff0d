// `papers subscribe|unsubscribe|topics --target T`: an operator's view of the same subscriptions /papers manages.
import { openAppContext } from '../app-context.js';
import type { Config } from '../config.js';
import { subscribe, topicsOf, unsubscribe } from '../app/subscriptions.js';
import type { TargetAddress } from '../core/targets/target.js';
import type { Store } from '../store/database.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, type CliCommand, type CliIo } from './cli-command.js';
import { parseOptions } from './parse-options.js';
import { parseTargetSpec, TARGET_SPEC_HELP } from './target-spec.js';

async function withStore<T>(config: Config, work: (store: Store) => Promise<T>): Promise<T> {
  const app = await openAppContext(config);
  try {
    return await work(app.store);
  } finally {
    await app.store.close();
  }
}

interface TopicChange {
  name: string;
  help: string;
  /** The exit code and the line to print (stdout when the code is 0, stderr otherwise). */
  apply(store: Store, address: TargetAddress, topic: string): Promise<{ code: number; message: string }>;
}

function topicChangeCommand(change: TopicChange): CliCommand {
  return {
    name: change.name,
    usage: `papers ${change.name} --target TARGET TOPIC...`,
    async run(args: string[], config: Config, io: CliIo) {
      const { values, positionals } = parseOptions(args, { target: { type: 'string', short: 't' } }, true);
      if (values.help) {
        io.out(`Usage: ${this.usage}\n\n--target: ${TARGET_SPEC_HELP}.\n${change.help}`);
        return EXIT_OK;
      }
      const address = parseTargetSpec(values.target);
      const topic = positionals.join(' ').trim();
      if (topic === '') throw new UsageError('Give a topic, for example: "diffusion models" or cat:cs.CL');
      const { code, message } = await withStore(config, (store) => change.apply(store, address, topic));
      if (code === EXIT_OK) io.out(message);
      else io.err(code === EXIT_USAGE ? `papers ${change.name}: ${message}` : message);
      return code;
    },
  };
}

export const subscribeCliCommand = topicChangeCommand({
  name: 'subscribe',
  help: 'TOPIC: a search query (words, "phrases", -exclusions, author:, org:, cat:). Exit 0 also when it was followed already.',
  async apply(store, address, topic) {
    const result = await subscribe(store, { address, topic, by: null, now: new Date() });
    const code = result.outcome === 'invalid' ? EXIT_USAGE : result.outcome === 'full' ? EXIT_FAILED : EXIT_OK;
    return { code, message: result.message };
  },
});

export const unsubscribeCliCommand = topicChangeCommand({
  name: 'unsubscribe',
  help: 'Exit 1 when the target did not follow it.',
  async apply(store, address, topic) {
    const result = await unsubscribe(store, { address, topic });
    return { code: result.removed ? EXIT_OK : EXIT_FAILED, message: result.message };
  },
});

export const topicsCliCommand: CliCommand = {
  name: 'topics',
  usage: 'papers topics --target TARGET [--json]',
  async run(args, config, io) {
    const { values } = parseOptions(args, { target: { type: 'string', short: 't' }, json: { type: 'boolean' } }, false);
    if (values.help) {
      io.out(`Usage: ${this.usage}\n\n--target: ${TARGET_SPEC_HELP}.\n--json: [{topic, createdAt}].`);
      return EXIT_OK;
    }
    const address = parseTargetSpec(values.target);
    const topics = await withStore(config, (store) => topicsOf(store, address));
    if (values.json) io.out(JSON.stringify(topics.map((t) => ({ topic: t.query, createdAt: t.createdAt }))));
    else io.out(topics.length === 0 ? 'No topics.' : topics.map((t) => t.query).join('\n'));
    return EXIT_OK;
  },
};
