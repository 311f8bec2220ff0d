import { runBot } from '../main.js';
import { EXIT_OK, type CliCommand } from './cli-command.js';
import { parseOptions } from './parse-options.js';

export const runCommand: CliCommand = {
  name: 'run',
  usage: 'papers run',
  async run(args, config, io) {
    const { values } = parseOptions(args, {}, false);
    if (values.help) {
      io.out(`Usage: ${this.usage}

Runs the bot on DATABASE_URL. With no Discord or Slack tokens it is a console bot: type /papers help.
An empty store is seeded with the bundled sample of Daily Papers; ingestion runs every
INGEST_INTERVAL_MINUTES (${config.INGEST_INTERVAL_MINUTES}; 0 turns it off).`);
      return EXIT_OK;
    }
    await runBot(config);
    return EXIT_OK;
  },
};
