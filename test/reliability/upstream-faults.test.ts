// Upstream faults: Hugging Face and arXiv (their doubles) serve malformed JSON, truncated XML, an HTML error page
// with status 200, fields of the wrong type, an empty day, a slow drip, a hang. Each time, ingest records what
// went wrong, keeps every paper already stored, and the next run, once the upstream is well again, recovers.
import { afterEach, describe, expect, it } from 'vitest';
import { runIngest } from '../../src/app/ingest.js';
import type { ArxivEntry, ArxivReply } from '../doubles/arxiv-double.js';
import { hfItems, type HfReply } from '../doubles/hf-double.js';
import { startIngestHarness, type IngestHarness } from '../helpers/ingest-harness.js';
import { recordScenario } from '../helpers/reliability-record.js';

const WINDOW = { from: '2026-01-05', to: '2026-01-07' };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const HTML_ERROR = '<!DOCTYPE html><html><head><title>Error</title></head><body><h1>Something went wrong</h1></body></html>';

const HF_FAULTS: [string, HfReply, 'failed' | 'succeeded'][] = [
  ['malformed JSON', { kind: 'malformed-json', times: Infinity }, 'failed'],
  ['an HTML error page with status 200', { kind: 'status', status: 200, body: HTML_ERROR, times: Infinity }, 'failed'],
  ['an object where the list should be', { kind: 'json', body: { error: 'maintenance' }, times: Infinity }, 'failed'],
  [
    'items with fields of the wrong type',
    { kind: 'json', body: [{ paper: { id: 42, title: ['x'] } }, { paper: null }], times: Infinity },
    'succeeded',
  ],
  ['an empty day', { kind: 'json', body: [], times: Infinity }, 'succeeded'],
  ['a slow drip that stops mid-body', { kind: 'stall-body', times: Infinity }, 'failed'],
  ['a hang', { kind: 'hang', times: Infinity }, 'failed'],
];

const ENTRY = (n: number): ArxivEntry => ({
  id: `2601.0${5000 + n}v1`,
  title: `An arXiv paper number ${n}`,
  summary: 'We study faults. They are handled.',
  authors: ['Ada Lovelace'],
  published: '2026-01-06T17:00:00Z',
  primaryCategory: 'cs.LG',
  categories: ['cs.LG'],
});

const ARXIV_FAULTS: [string, ArxivReply][] = [
  ['truncated XML', { kind: 'malformed-xml' }],
  ['an HTML error page with status 200', { kind: 'raw', status: 200, body: HTML_ERROR, contentType: 'text/html' }],
  ['its Error entry', { kind: 'error-entry', message: 'incorrect id format' }],
  ['"Rate exceeded." with status 200', { kind: 'rate-exceeded', status: 200 }],
  ['a hang', { kind: 'hang' }],
];

/** The run's error in a line, without the double's address. */
const said = (error: string | null) => (error ?? '').replace(/http:\/\/127\.0\.0\.1:\d+\S*/g, 'the request').slice(0, 120);

async function harness(entries: ArxivEntry[] = []): Promise<IngestHarness> {
  const h = await startIngestHarness(cleanups, entries);
  h.ctx.http.timeoutMs = 200;
  return h;
}

describe('Hugging Face faults', () => {
  it.each(HF_FAULTS)('%s: recorded, nothing stored is lost, the next run recovers', async (name, fault, status) => {
    const h = await harness();
    h.hf.setDay('2026-01-05', hfItems(3, '2026-01-05', 20_000));
    expect((await runIngest(h.ctx, 'hf', { from: '2026-01-05', to: '2026-01-05' })).status).toBe('succeeded');
    const before = await h.paperCount();
    h.hf.setDay('2026-01-07', hfItems(2, '2026-01-07', 40_000));
    h.hf.script({ ...fault, date: '2026-01-07' });
    const broken = await runIngest(h.ctx, 'hf', WINDOW);
    expect(broken.status).toBe(status);
    if (status === 'failed') expect(broken.error).toMatch(/2026-01-07/);
    expect(await h.paperCount()).toBeGreaterThanOrEqual(before);
    h.hf.clearScript();
    const recovered = await runIngest(h.ctx, 'hf', WINDOW);
    expect(recovered.status).toBe('succeeded');
    expect(await h.paperCount()).toBe(before + 2);
    const runs = await h.runs();
    recordScenario({
      id: `upstream-hf-${name.replace(/\W+/g, '-')}`,
      scenario: `Hugging Face serves ${name}`,
      runs: runs.length,
      notes: `run ${broken.status}${broken.error === null ? '' : ` (${said(broken.error)})`}, ${broken.counts.skipped} items skipped; ${before} papers kept; next run ${recovered.status}`,
    });
  });
});

describe('arXiv faults', () => {
  it.each(ARXIV_FAULTS)('%s: recorded, nothing stored is lost, the next run recovers', async (name, fault) => {
    const h = await harness([ENTRY(1), ENTRY(2)]);
    expect((await runIngest(h.ctx, 'arxiv', WINDOW)).status).toBe('succeeded');
    const before = await h.paperCount();
    h.arxiv.script({ ...fault }, { ...fault }, { ...fault });
    const broken = await runIngest(h.ctx, 'arxiv', WINDOW);
    expect(broken.status).toBe('failed');
    expect(broken.error).not.toBeNull();
    expect(await h.paperCount()).toBe(before);
    h.arxiv.clearScript();
    const recovered = await runIngest(h.ctx, 'arxiv', WINDOW);
    expect(recovered.status).toBe('succeeded');
    expect(await h.paperCount()).toBe(before);
    recordScenario({
      id: `upstream-arxiv-${name.replace(/\W+/g, '-')}`,
      scenario: `arXiv serves ${name}`,
      runs: (await h.runs()).length,
      notes: `run failed (${said(broken.error)}); ${before} papers kept; next run ${recovered.status}`,
    });
  });
});
