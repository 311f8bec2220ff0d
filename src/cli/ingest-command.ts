import { ingestContextFor, openAppContext } from '../app-context.js';
import { isIsoDay, utcDay } from '../core/days.js';
import { defaultIngestWindow, runIngest, type IngestReport } from '../app/ingest.js';
import type { SourceName } from '../core/paper.js';
import type { IngestWindow } from '../sources/source.js';
import { refreshSearchKnowledge } from '../app/search/refresh-search-knowledge.js';
import { EXIT_FAILED, EXIT_OK, UsageError, type CliCommand } from './cli-command.js';
import { parseOptions } from './parse-options.js';

/** Longest window one command may ask for: Hugging Face allows about 500 requests per 5 minutes. */
const MAX_WINDOW_DAYS = 366;

function windowFrom(values: { date?: string; since?: string }, source: SourceName, today: string, refreshDays: number): IngestWindow {
  if (values.date !== undefined && values.since !== undefined) throw new UsageError('Give either --date or --since, not both.');
  for (const [flag, value] of [
    ['--date', values.date],
    ['--since', values.since],
  ] as const) {
    if (value !== undefined && !isIsoDay(value)) throw new UsageError(`${flag} needs a day written YYYY-MM-DD (got "${value}").`);
    if (value !== undefined && value > today) throw new UsageError(`${flag} ${value} is in the future (today is ${today} UTC).`);
  }
  if (values.date !== undefined) return { from: values.date, to: values.date };
  if (values.since !== undefined) {
    const days = (Date.parse(today) - Date.parse(values.since)) / 86_400_000;
    if (days > MAX_WINDOW_DAYS) throw new UsageError(`--since reaches back ${days} days; at most ${MAX_WINDOW_DAYS} per run.`);
    return { from: values.since, to: today };
  }
  return defaultIngestWindow(source, today, refreshDays);
}

function describe(report: IngestReport): string {
  const { counts } = report;
  const head = `${report.source} ${report.window.from}..${report.window.to}`;
  if (report.status === 'busy') return `${head}: skipped, another process is ingesting this source right now`;
  const figures = `${counts.fetched} fetched, ${counts.new} new, ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.skipped} skipped`;
  return report.error === null ? `${head}: ${figures}` : `${head}: ${figures}; FAILED: ${report.error}`;
}

export const ingestCommand: CliCommand = {
  name: 'ingest',
  usage: 'papers ingest [--source hf|arxiv] [--date YYYY-MM-DD | --since YYYY-MM-DD] [--json]',
  async run(args, config, io) {
    const { values } = parseOptions(
      args,
      { source: { type: 'string' }, date: { type: 'string' }, since: { type: 'string' }, json: { type: 'boolean' } },
      false,
    );
    if (values.help) {
      io.out(`Usage: ${this.usage}

Without --date or --since, reads the last ${config.HF_REFRESH_DAYS} days of Daily Papers (refreshing upvotes and
comments) and the last days of arXiv in ${config.ARXIV_CATEGORIES.join(', ')}. Without --source, reads both.
Exit code 1 when a source failed; what was fetched before the failure is kept.`);
      return EXIT_OK;
    }
    if (values.source !== undefined && values.source !== 'hf' && values.source !== 'arxiv') {
      throw new UsageError(`--source must be hf or arxiv (got "${values.source}").`);
    }
    const sources: SourceName[] = values.source === undefined ? ['hf', 'arxiv'] : [values.source];
    const today = utcDay(new Date());
    const windows = sources.map((source) => ({ source, window: windowFrom(values, source, today, config.HF_REFRESH_DAYS) }));
    const app = await openAppContext(config);
    // Ctrl-C stops the requests, keeps what was fetched, and records the run as stopped (freeing its claim).
    const stopping = new AbortController();
    const stop = () => stopping.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      const reports: IngestReport[] = [];
      for (const { source, window } of windows) {
        if (stopping.signal.aborted) break;
        reports.push(await runIngest(ingestContextFor(app, stopping.signal), source, window));
      }
      if (reports.some((r) => r.searchTextChanged)) await refreshSearchKnowledge(app.store);
      if (values.json) io.out(JSON.stringify(reports, null, 2));
      else for (const report of reports) io.out(describe(report));
      return reports.some((r) => r.status === 'failed') || stopping.signal.aborted ? EXIT_FAILED : EXIT_OK;
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      await app.store.close();
    }
  },
};
