import { openAppContext } from '../app-context.js';
import { importFiles, type FileImportReport } from '../app/import-files.js';
import { EXIT_FAILED, EXIT_OK, UsageError, type CliCommand } from './cli-command.js';
import { parseOptions } from './parse-options.js';

function describe(report: FileImportReport): string {
  if (report.error !== null) return `${report.file}: FAILED: ${report.error}`;
  const { counts } = report;
  const skippedNote = report.skipped.length === 0 ? '' : ` (first: ${report.skipped[0]?.ref}: ${report.skipped[0]?.reason})`;
  return `${report.file} (${report.format}): ${counts.new} new, ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.skipped} skipped${skippedNote}`;
}

export const importCommand: CliCommand = {
  name: 'import',
  usage: 'papers import FILE... [--json]',
  async run(args, config, io) {
    const { values, positionals } = parseOptions(args, { json: { type: 'boolean' } }, true);
    if (values.help) {
      io.out(`Usage: ${this.usage}

Each FILE is a JSON array saved from GET /api/daily_papers, or an Atom XML feed saved from the arXiv API.
Malformed items are skipped and counted. Importing the same file again changes nothing.
Exit code 1 when a file could not be read or is neither format; the other files are still imported.`);
      return EXIT_OK;
    }
    if (positionals.length === 0) throw new UsageError('Name at least one file to import.');
    const app = await openAppContext(config);
    try {
      const reports = await importFiles(app.store, positionals, new Date());
      if (values.json) io.out(JSON.stringify(reports, null, 2));
      else for (const report of reports) io.out(describe(report));
      return reports.some((r) => r.error !== null) ? EXIT_FAILED : EXIT_OK;
    } finally {
      await app.store.close();
    }
  },
};
