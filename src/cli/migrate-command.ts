import { openStore } from '../store/database.js';
import { migrateToLatest } from '../store/migrate.js';
import { EXIT_OK, type CliCommand } from './cli-command.js';
import { parseOptions } from './parse-options.js';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  usage: 'papers migrate',
  async run(args, config, io) {
    const { values } = parseOptions(args, {}, false);
    if (values.help) {
      io.out(
        `Usage: ${this.usage}\n\nApplies every pending migration to DATABASE_URL (${config.DATABASE_URL}). The bot also does this on start.`,
      );
      return EXIT_OK;
    }
    const store = openStore(config.DATABASE_URL, { poolSize: config.DATABASE_POOL_SIZE });
    try {
      const results = await migrateToLatest(store);
      if (results.length === 0) io.out(`${store.path}: schema is up to date.`);
      for (const result of results) io.out(`${store.path}: applied ${result.migrationName}`);
      return EXIT_OK;
    } finally {
      await store.close();
    }
  },
};
