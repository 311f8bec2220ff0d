// One log line per meaningful event, with the ids to find it again (and never what was typed), and the metric
// that counts the same event with the labels the README lists: commands, ingest runs, digests sent and paused.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandCaller, CommandContext } from '../../commands/command.js';
import { runCommandText } from '../../commands/dispatch.js';
import { hfItems } from '../doubles/hf-double.js';
import { runIngest } from '../../src/app/ingest.js';
import { DeliveryFailure } from '../../src/delivery/delivery-failure.js';
import { createLogger } from '../../src/logger.js';
import { commandReporter, ingestReporter } from '../../src/ops/event-reports.js';
import { createMetrics } from '../../src/ops/metrics.js';
import { createTempStore, tempDir, type TempStore } from '../helpers/temp-store.js';
import { startIngestHarness } from '../helpers/ingest-harness.js';
import { addPapers, addTarget, createHarness, dailyPaper, PLATFORM, type Harness } from '../delivery/scheduler-harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A JSON logger writing to a file, and a reader of the lines written so far. */
function fileLogger(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const file = join(tempDir(), 'bot.log');
  const logger = createLogger({ LOG_LEVEL: 'info', LOG_FORMAT: 'json' }, file, false);
  return {
    logger,
    lines: () =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

const events = (lines: Record<string, unknown>[], name: string) => lines.filter((line) => line.event === name);

describe('command.handled', () => {
  let temp: TempStore;

  it('is one line per command with who and where, the outcome and the time, and the latency metric by platform and command', async () => {
    temp = await createTempStore();
    cleanups.push(() => temp.cleanup());
    const { logger, lines } = fileLogger();
    const metrics = createMetrics(temp.store);
    const caller: CommandCaller = { platform: 'slack', workspace: 'T01', channel: 'C02', user: 'U03', canManageChannel: false };
    const ctx: CommandContext = { store: temp.store, now: () => new Date(), caller, onHandled: commandReporter(logger, metrics) };

    await runCommandText(ctx, '/papers search secret-words-someone-typed');
    await runCommandText(ctx, '/papers settings size 999');
    await runCommandText(ctx, '/papers subscribe rlhf');
    await runCommandText(ctx, '/papers topics');

    const handled = events(lines(), 'command.handled');
    expect(handled.map((line) => [line.command, line.outcome])).toEqual([
      ['search', 'answered'],
      ['settings', 'invalid'],
      ['subscribe', 'refused'],
      ['topics', 'answered'],
    ]);
    for (const line of handled) {
      expect(line).toMatchObject({ msg: 'command handled', platform: 'slack', workspace: 'T01', channel: 'C02', user: 'U03' });
      expect(typeof line.ms).toBe('number');
    }
    expect(JSON.stringify(handled)).not.toContain('secret-words');

    const text = await metrics.registry.metrics();
    expect(text).toContain('papers_command_duration_seconds_count{platform="slack",command="search"} 1');
    expect(text).toContain('papers_command_duration_seconds_count{platform="slack",command="settings"} 1');
    expect(text).toMatch(/papers_command_duration_seconds_bucket\{le="0\.005",platform="slack",command="topics"\} \d/);
  });
});

describe('ingest.run', () => {
  it('is one line per run with its id, source and counts, and the run and paper metrics by source', async () => {
    const h = await startIngestHarness(cleanups);
    h.hf.setDay('2026-01-07', hfItems(3, '2026-01-07'));
    const { logger, lines } = fileLogger();
    const metrics = createMetrics(h.ctx.store);
    const report = await runIngest({ ...h.ctx, logger }, 'hf', { from: '2026-01-07', to: '2026-01-07' });
    ingestReporter(metrics)(report);

    const [run] = events(lines(), 'ingest.run');
    expect(run).toMatchObject({ msg: 'ingest run finished', source: 'hf', runId: report.runId, new: 3, error: null });
    const text = await metrics.registry.metrics();
    expect(text).toContain('papers_ingest_runs_total{source="hf",status="succeeded"} 1');
    expect(text).toContain('papers_ingested_papers_total{source="hf",kind="new"} 3');
    expect(text).toContain('papers_ingested_papers_total{source="hf",kind="updated"} 0');
  });
});

describe('digest.sent and target.paused', () => {
  let h: Harness;

  it('name the target, platform, delivery and day; the digest metric counts them by platform and outcome', async () => {
    h = await createHarness();
    cleanups.push(() => h.temp.cleanup());
    const { logger, lines } = fileLogger();
    const metrics = createMetrics(h.store);
    const good = await addTarget(h.store, 'general', '2026-11-13T15:00:00Z');
    const gone = await addTarget(h.store, 'deleted-channel', '2026-11-13T15:00:00Z');
    await addPapers(h.store, [dailyPaper('2611.01001', '2026-11-13', 'Sparse Attention at Scale')]);
    // Targets are served in id order: the first send succeeds, the second meets a channel that is gone.
    const original = h.messenger.sendDigest.bind(h.messenger);
    h.messenger.sendDigest = (target, digest, attempt) =>
      target.id === gone.id ? Promise.reject(new DeliveryFailure('stop', 'channel_not_found')) : original(target, digest, attempt);

    await h.tick('2026-11-16T09:00:00Z', {
      ...h.options,
      logger,
      onOutcome: (platform, outcome) => metrics.digests.inc({ platform, outcome }),
    });

    const [sent] = events(lines(), 'digest.sent');
    expect(sent).toMatchObject({ target: good.id, platform: PLATFORM, date: '2026-11-16', messages: 2, papers: 1 });
    expect(sent?.delivery).toBe(h.messenger.sent[0]?.deliveryId);
    const [paused] = events(lines(), 'target.paused');
    expect(paused).toMatchObject({ target: gone.id, platform: PLATFORM, date: '2026-11-16', reason: 'channel_not_found' });
    expect(typeof paused?.delivery).toBe('number');
    const text = await metrics.registry.metrics();
    expect(text).toContain(`papers_digests_total{platform="${PLATFORM}",outcome="sent"} 1`);
    expect(text).toContain(`papers_digests_total{platform="${PLATFORM}",outcome="failed"} 1`);
    expect(text).toMatch(/^papers_ledger_backlog 0$/m);
  });
});
