// The README's quick start tells a newcomer what to type. Offline (or with ingestion off) the bot starts on the
// bundled sample, so every `/papers …` example there must answer with relevant papers from it. This runs the
// examples in the README's order, as typed at the console, on a store loaded with the sample as a first start
// loads it, and checks each against the answer stated below: the top paper by title, and for searches that the
// top results are about what was asked. It asserts on titles, never on the answers' layout.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext, CommandReply } from '../commands/command.js';
import { runCommandText } from '../commands/dispatch.js';
import { importFiles } from '../src/app/import-files.js';
import { refreshSearchKnowledge } from '../src/app/search/refresh-search-knowledge.js';
import { CONSOLE_CALLER, CONSOLE_CHANNEL } from '../src/platforms/console/console-bot.js';
import { ensureTarget } from '../src/store/targets-repository.js';
import { BUNDLED_SAMPLE } from './helpers/bundled-sample.js';
import { createTempStore, type TempStore } from './helpers/temp-store.js';

/** Long after the sample's last day (17 April 2026), as for anyone trying the bot today. */
const NOW = new Date('2026-12-02T12:00:00Z');

const README = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');

/** The `/papers …` lines of the fenced blocks in the README's "Quick start" section, in order. */
function quickStartExamples(readme: string): string[] {
  const start = readme.indexOf('\n## Quick start\n');
  if (start === -1) throw new Error('the README has no "## Quick start" section');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  const blocks = [...section.matchAll(/^```[^\n]*\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
  return blocks
    .flatMap((block) => block.split('\n'))
    .map((line) => line.trim())
    .filter((line) => line.startsWith('/papers '))
    .map((line) => line.split(/\s{2,}|\s#\s/)[0]!.trim());
}

interface SamplePaper {
  id: string;
  title: string;
  authors: string[];
}

const SAMPLE: Map<string, SamplePaper> = new Map(
  (JSON.parse(readFileSync(BUNDLED_SAMPLE, 'utf8')) as { paper: { id: string; title: string; authors: { name: string }[] } }[]).map(
    ({ paper }) => [paper.id, { id: paper.id, title: paper.title, authors: paper.authors.map((a) => a.name) }],
  ),
);

/** The papers an answer lists, best first, as sample papers (an answer naming a paper not in the sample fails). */
function listed(reply: CommandReply): SamplePaper[] {
  return (reply.papers ?? []).map(({ id }) => {
    const paper = SAMPLE.get(id);
    if (paper === undefined) throw new Error(`${id} is not a paper of the bundled sample`);
    return paper;
  });
}

function expectListing(reply: CommandReply, top: string, about: RegExp, first = 3): void {
  const papers = listed(reply);
  expect(papers.length).toBeGreaterThan(0);
  expect(papers[0]?.title).toBe(top);
  for (const paper of papers.slice(0, first)) {
    expect(paper.title, `"${paper.title}" among the first ${first}`).toMatch(about);
    expect(reply.text).toContain(paper.title);
  }
}

/** What each quick-start example answers on the sample. A new example needs its line here. */
const EXPECTED: Record<string, (reply: CommandReply, ctx: CommandContext) => Promise<void> | void> = {
  // Top: "Beyond Outliers: A Study of Optimizers Under Quantization"; the next two are ZeroQuant(4+2) and LLM-FP4.
  '/papers search quantization': (reply) => {
    expectListing(reply, 'Beyond Outliers: A Study of Optimizers Under Quantization', /quantiz/i);
  },
  // Top (and only): "8-bit Optimizers via Block-wise Quantization", by Tim Dettmers, Mike Lewis, Sam Shleifer et al.
  '/papers search author:dettmers': (reply) => {
    expectListing(reply, '8-bit Optimizers via Block-wise Quantization', /./, 1);
    for (const paper of listed(reply)) expect(paper.authors.join(', ')).toMatch(/Dettmers/);
  },
  // Like "8-bit Optimizers via Block-wise Quantization": top "SWAN: SGD with Normalization and Whitening Enables
  // Stateless LLM Training", then "A Minimalist Optimizer Design for LLM Pretraining" and FISMO: optimizers that
  // save memory. The paper itself is never listed.
  '/papers similar 2110.02861': (reply) => {
    expectListing(reply, 'SWAN: SGD with Normalization and Whitening Enables Stateless LLM Training', /optimi[sz]er|SGD|quantiz/i);
    expect(listed(reply).map((p) => p.id)).not.toContain('2110.02861');
  },
  // Accepted as a topic the store already has papers for; as a search, top "A Minimalist Optimizer Design for LLM
  // Pretraining". The digest (next example) labels the sample's optimizer paper with it.
  '/papers subscribe optimizers': async (reply, ctx) => {
    expect(reply.text).toMatch(/^Subscribed this channel to "optimizers"\. New papers matching it will appear/);
    const asSearch = await runCommandText(ctx, '/papers search optimizers');
    expectListing(asSearch, 'A Minimalist Optimizer Design for LLM Pretraining', /optimi[sz]er|SGD/i);
  },
  // The sample's latest day, 17 April 2026: "Beyond Outliers: A Study of Optimizers Under Quantization" (labelled
  // with the topic just followed) and "Compiler-First State Space Duality and Portable O(1) Autoregressive Caching
  // for Inference".
  '/papers digest': (reply) => {
    expect(reply.text).toContain('showing the latest day in the store, 2026-04-17');
    const trending = reply.digest?.trending ?? [];
    expect(trending.map((item) => item.title).sort()).toEqual([
      'Beyond Outliers: A Study of Optimizers Under Quantization',
      'Compiler-First State Space Duality and Portable O(1) Autoregressive Caching for Inference',
    ]);
    const optimizers = trending.find((item) => item.title.startsWith('Beyond Outliers'));
    expect(optimizers?.topics).toContain('optimizers');
  },
};

let temp: TempStore;
let ctx: CommandContext;
beforeAll(async () => {
  temp = await createTempStore();
  // As a first start without network does it (src/main.ts): import the sample, then get search ready.
  await importFiles(temp.store, [BUNDLED_SAMPLE], NOW);
  await refreshSearchKnowledge(temp.store, { vocabulary: 'if-missing' });
  await ensureTarget(temp.store, CONSOLE_CHANNEL, NOW, 'you');
  ctx = { store: temp.store, now: () => NOW, caller: CONSOLE_CALLER };
}, 60_000);
afterAll(async () => temp.cleanup());

const examples = quickStartExamples(README);

describe("the README's quick-start examples, on the bundled sample", () => {
  it('are there, and each has its expected answer written in this test', () => {
    expect(examples.length).toBeGreaterThanOrEqual(4);
    expect(examples.filter((line) => line.startsWith('/papers search ')).length).toBeGreaterThanOrEqual(2);
    for (const example of examples) expect(Object.keys(EXPECTED), `add what "${example}" answers to EXPECTED`).toContain(example);
  });

  // In the README's order, on one store: what an example changes (a topic followed) shows in the next.
  it.each(examples)('%s answers with papers from the sample', async (example) => {
    const reply = await runCommandText(ctx, example);
    await EXPECTED[example]!(reply, ctx);
  });
});
