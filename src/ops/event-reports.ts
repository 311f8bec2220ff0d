// What the running bot tells its log and its metrics about each command and each ingest run, in one place so
// that the log line and the metric never disagree. Log lines carry an `event` name and the ids needed to find
// the thing again (platform, workspace, channel, user; run id), never the text someone typed.
import type { Logger } from 'pino';
import type { CommandHandled } from '../../commands/command.js';
import type { IngestReport } from '../app/ingest.js';
import type { Metrics } from './metrics.js';

export function commandReporter(logger: Logger, metrics: Metrics): (event: CommandHandled) => void {
  return ({ command, outcome, seconds, caller }) => {
    metrics.commandSeconds.observe({ platform: caller.platform, command }, seconds);
    const line = {
      event: 'command.handled',
      platform: caller.platform,
      workspace: caller.workspace,
      channel: caller.channel,
      user: caller.user,
      command,
      outcome,
      ms: Math.round(seconds * 10_000) / 10,
    };
    if (outcome === 'failed' || outcome === 'unavailable') logger.warn(line, 'command handled');
    else logger.info(line, 'command handled');
  };
}

/** The run's own log line is written by the ingest itself (it has the window and the errors); this counts it. */
export function ingestReporter(metrics: Metrics): (report: IngestReport) => void {
  return (report) => {
    metrics.ingestRuns.inc({ source: report.source, status: report.status });
    metrics.ingestPapers.inc({ source: report.source, kind: 'new' }, report.counts.new);
    metrics.ingestPapers.inc({ source: report.source, kind: 'updated' }, report.counts.updated);
    metrics.ingestPapers.inc({ source: report.source, kind: 'skipped' }, report.counts.skipped);
  };
}
