import { openAppContext } from '../app-context.js';
import { recentIngestRuns } from '../store/ingest-runs-repository.js';
import { paperStats } from '../store/papers-repository.js';
import { EXIT_OK, type CliCommand } from './cli-command.js';
import { parseOptions } from './parse-options.js';

export const statsCommand: CliCommand = {
  name: 'stats',
  usage: 'papers stats [--json]',
  async run(args, config, io) {
    const { values } = parseOptions(args, { json: { type: 'boolean' } }, false);
    if (values.help) {
      io.out(`Usage: ${this.usage}`);
      return EXIT_OK;
    }
    const app = await openAppContext(config);
    try {
      const stats = await paperStats(app.store);
      const runs = await recentIngestRuns(app.store, 10);
      if (values.json) {
        io.out(JSON.stringify({ database: app.store.path, ...stats, recentIngestRuns: runs }, null, 2));
        return EXIT_OK;
      }
      io.out(`database: ${app.store.path}`);
      io.out(`papers: ${stats.papers} (Hugging Face ${stats.bySource.hf}, arXiv ${stats.bySource.arxiv}, both ${stats.bySource.both})`);
      io.out(`on Daily Papers: ${stats.onDailyPapers}, newest day ${stats.newestDailyDate ?? '-'}`);
      io.out(`newest publication: ${stats.newestPublishedAt ?? '-'}`);
      io.out(runs.length === 0 ? 'ingest runs: none yet' : 'recent ingest runs:');
      for (const run of runs) {
        const figures = `${run.new} new, ${run.updated} updated, ${run.unchanged} unchanged, ${run.skipped} skipped`;
        io.out(
          `  #${run.id} ${run.source} ${run.windowStart}..${run.windowEnd} ${run.status} at ${run.startedAt}: ${figures}${run.error === null ? '' : `; ${run.error}`}`,
        );
      }
      return EXIT_OK;
    } finally {
      await app.store.close();
    }
  },
};
