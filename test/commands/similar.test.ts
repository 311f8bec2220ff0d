// /papers similar through the console (answerConsoleLine, as the terminal front end runs it) and as Discord sends
// it (structured options): the papers most like one paper, never that paper itself, and a sentence for input that
// names nothing. On SQLite and on PostgreSQL, with the semantic model fitted: its nearest papers are among those listed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../commands/command.js';
import { runCommand } from '../../commands/dispatch.js';
import { findCommand } from '../../commands/index.js';
import { answerConsoleLine, CONSOLE_CALLER } from '../../src/platforms/console/console-bot.js';
import { docIdForArxivId } from '../../src/core/arxiv-id.js';
import { semanticIndexOf, semanticNeighboursOfPaper } from '../../src/app/semantic/semantic-search.js';
import { loadSearchCorpus } from '../helpers/search-corpus.js';
import { createStoreOf, DIALECTS, type Dialect } from '../helpers/temp-store.js';

/** "Fine-tuning Quantized Neural Networks with Zeroth-order Optimization" in the made-up sample. */
const PAPER = '2505.90014';
const NOW = new Date('2026-12-02T12:00:00Z');

/** The ids of the papers an answer lists, from their Hugging Face links. */
const listed = (text: string) => [...text.matchAll(/huggingface\.co\/papers\/(\S+)/g)].map((m) => m[1]);

describe.each(DIALECTS)('/papers similar on %s', (dialect: Dialect) => {
  let temp: Awaited<ReturnType<typeof createStoreOf>>;
  let ctx: CommandContext;
  beforeAll(async () => {
    temp = await createStoreOf(dialect);
    await loadSearchCorpus(temp.store);
    // Importing fitted the model already (refreshSearchKnowledge waits for the refit).
    expect(await semanticIndexOf(temp.store)).not.toBeNull();
    ctx = { store: temp.store, now: () => NOW, caller: CONSOLE_CALLER };
  });
  afterAll(async () => temp.cleanup());

  const say = async (line: string) => (await answerConsoleLine(line, ctx)) ?? '';

  it('lists the semantic nearest paper among the similar ones', async () => {
    const nearest = await semanticNeighboursOfPaper(temp.store, docIdForArxivId(PAPER), 3);
    expect(nearest).toHaveLength(3);
    const text = await say(`/papers similar ${PAPER}`);
    const ids = listed(text).map((id) => docIdForArxivId(id ?? ''));
    expect(ids).toContain(nearest[0]?.docId);
  });

  it.each([PAPER, `https://huggingface.co/papers/${PAPER}`, `https://arxiv.org/abs/${PAPER}v2`, `arxiv.org/pdf/${PAPER}.pdf`])(
    'lists the papers most like %s, without the paper itself',
    async (input) => {
      const text = await say(`/papers similar ${input}`);
      expect(text).toMatch(
        new RegExp(`^Papers similar to "Fine-tuning Quantized Neural Networks with Zeroth-order Optimization" \\(${PAPER}\\):\\n1\\. `),
      );
      expect(listed(text).length).toBeGreaterThan(0);
      expect(listed(text)).not.toContain(PAPER);
    },
  );

  it('compares with a few words', async () => {
    const text = await say('/papers similar zeroth-order fine-tuning');
    expect(text).toMatch(/^Papers similar to "zeroth-order fine-tuning":\n1\. /);
    expect(listed(text).length).toBeGreaterThan(0);
  });

  it('answers privately, listing the papers for the platforms to put a Similar button on each', async () => {
    const command = findCommand('similar');
    if (command === undefined) throw new Error('similar is not registered');
    const reply = await runCommand({ ...ctx, caller: { ...CONSOLE_CALLER, platform: 'discord' } }, command, { to: PAPER, limit: 3 });
    expect(reply.ephemeral).toBe(true);
    expect(reply.papers?.map((p) => p.rank)).toEqual([1, 2, 3]);
    expect(reply.papers?.map((p) => p.id)).not.toContain(PAPER);
    for (const paper of reply.papers ?? []) expect(reply.text).toContain(paper.text);
  });

  it.each([
    ['', /^Name a paper \(an arXiv id such as 2501\.12345, or its Hugging Face or arXiv link\) or type a few words\./],
    ['2501.12345', /^Paper 2501\.12345 is not in the store yet, so there is nothing to compare it with\.$/],
    ['https://huggingface.co/papers/', /^That link names no paper\. /],
    ['https://example.com/papers/2501.12345x', /^That link names no paper\. /],
    ['9999.1', /^"9999\.1" is not an arXiv id\. /],
    ['LONG', /^What a paper is compared with is at most 500 characters\./],
    ['-model', /^Add a word or filter to search for, besides the excluded words\./],
  ])('answers %j with a short sentence, never a stack trace', async (input, answer) => {
    const text = await say(`/papers similar ${input === 'LONG' ? 'x'.repeat(600) : input}`);
    expect(text).toMatch(answer);
    expect(text).not.toMatch(/Error|\n\s+at /);
    expect(text.length).toBeLessThan(400);
  });
});
