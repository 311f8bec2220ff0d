// A search answer says how many papers match and which are shown, lists each with its summary, upvotes and date,
// and leads to the next page: `page:2`, `--page 2` or a final `page 2` typed in the query (the console, Slack),
// the page buttons on Discord. Every answer holds together: no note about papers shown when none are.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandCaller, CommandContext, CommandReply } from '../../commands/command.js';
import { runCommand, runCommandText } from '../../commands/dispatch.js';
import { findCommand } from '../../commands/index.js';
import { pageInQuery } from '../../commands/search-page.js';
import type { PaperInput } from '../../src/core/paper.js';
import { searchAnswerText, searchCountLine } from '../../src/core/search/search-result-view.js';
import { searchPapers } from '../../src/app/search/search.js';
import { CANDIDATE_CAP, type SearchResponse } from '../../src/core/search/search-response.js';
import { CONSOLE_CALLER } from '../../src/platforms/console/console-bot.js';
import { upsertPapers } from '../../src/store/papers-repository.js';
import { loadSearchCorpus } from '../helpers/search-corpus.js';
import { createTempStore, type TempStore } from '../helpers/temp-store.js';

const NOW = new Date('2026-12-02T12:00:00Z');
const DISCORD: CommandCaller = { platform: 'discord', workspace: 'guild-1', channel: 'chan-1', user: 'user-1', canManageChannel: false };

let temp: TempStore;
beforeEach(async () => {
  temp = await createTempStore();
  await loadSearchCorpus(temp.store);
});
afterEach(async () => temp.cleanup());

function context(caller: CommandCaller = CONSOLE_CALLER): CommandContext {
  return { store: temp.store, now: () => NOW, caller };
}

async function say(line: string, caller: CommandCaller = CONSOLE_CALLER): Promise<CommandReply> {
  return runCommandText(context(caller), line);
}

const lines = (reply: CommandReply) => reply.text.split('\n');
/** The numbers of the papers an answer lists ("11. Title  [3 upvotes]"). */
const ranks = (reply: CommandReply) => [...reply.text.matchAll(/^(\d+)\. .*\[\d+ upvotes?\]$/gm)].map((m) => Number(m[1]));

describe('a search answer on the console', () => {
  it('states the total and the range shown, and ends with the command for the next page', async () => {
    const { total } = await searchPapers(temp.store, 'model', { now: NOW });
    expect(total).toBeGreaterThan(20);
    const reply = await say('/papers search model');
    expect(lines(reply)[0]).toBe(`${total} papers match; 1–10 shown`);
    expect(ranks(reply)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(lines(reply).at(-1)).toBe('next: /papers search model page:2');
    expect(reply.paging).toEqual({ query: 'model', limit: 10, page: 1, hasMore: true });
  });

  it('counts honestly: the pages together list exactly the total, each paper once', async () => {
    const { total } = await searchPapers(temp.store, 'model', { now: NOW });
    const pages = Math.ceil(total / 10);
    const seen: string[] = [];
    for (let page = 1; page <= pages; page += 1) {
      const reply = await say(`/papers search model page:${page}`);
      seen.push(...(reply.papers ?? []).map((p) => p.id));
      const last = page === pages;
      expect(lines(reply)[0]).toBe(`${total} papers match; ${(page - 1) * 10 + 1}–${last ? total : page * 10} shown`);
      // The last page has no next page to offer.
      expect(reply.text.includes(`next: /papers search model page:${page + 1}`)).toBe(!last);
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('reads page:2, --page 2, --page=2 and a final "page 2" alike, and searches the other words only', async () => {
    const answers = await Promise.all(
      ['model page:2', 'model --page 2', 'model --page=2', 'page:2 model', 'model page 2', 'model PAGE:2'].map((q) =>
        say(`/papers search ${q}`),
      ),
    );
    const first = answers[0];
    expect(lines(first!)[0]).toMatch(/^\d+ papers match; 11–20 shown$/);
    expect(ranks(first!)[0]).toBe(11);
    for (const answer of answers) expect(answer.text).toBe(first?.text);
    expect(lines(first!).at(-1)).toBe('next: /papers search model page:3');
    // "page" and "2" were not searched: the same total as the words alone.
    const { total } = await searchPapers(temp.store, 'model', { now: NOW });
    expect(lines(first!)[0]).toContain(`${total} papers match`);
  });

  it('leaves "page" alone where it is a word: inside a phrase, or not followed by a final number', () => {
    expect(pageInQuery('"page:2" layout')).toEqual({ ok: true, query: '"page:2" layout', page: null });
    expect(pageInQuery('page layout analysis')).toEqual({ ok: true, query: 'page layout analysis', page: null });
    expect(pageInQuery('page 2 of the paper')).toEqual({ ok: true, query: 'page 2 of the paper', page: null });
    expect(pageInQuery('diffusion page 3')).toEqual({ ok: true, query: 'diffusion', page: 3 });
  });

  it('answers a page that is not a number, or 0, with a short message, and a page past the end with the count', async () => {
    for (const query of ['model page:0', 'model page:two', 'model --page', 'model page:-1']) {
      const reply = await say(`/papers search ${query}`);
      expect(reply.text, query).toMatch(/^The page is a whole number from 1 \(you gave [^)]+\): page:2 shows the second page\.\nUsage: /);
    }
    expect((await say('/papers search model page:2 page:3')).text).toMatch(/^Give the page once/);
    expect((await say('/papers search page:2')).text).toBe('Type something to search for besides the page.');
    const { total } = await searchPapers(temp.store, 'model', { now: NOW });
    const pages = Math.ceil(total / 10);
    const past = await say(`/papers search model page:${pages + 1}`);
    expect(past.text).toBe(`${total} papers match; page ${pages + 1} is past the end (${pages} pages).`);
    expect(past.papers).toBeUndefined();
  });

  it('shows each paper with its one-line summary, upvotes and date', async () => {
    const reply = await say('/papers search zeroth-order');
    const firstPaper = reply.papers?.[0];
    expect(firstPaper).toBeDefined();
    const [title, meta, summary, link] = firstPaper!.text.split('\n');
    expect(title).toMatch(/^1\. .+ {2}\[\d+ upvotes?\]$/);
    expect(meta).toMatch(/ · \d{4}-\d{2}-\d{2}$/);
    expect(summary?.trim().length).toBeGreaterThan(20);
    expect(summary?.length).toBeLessThanOrEqual(3 + 160);
    expect(link).toMatch(/^ {3}https:\/\/huggingface\.co\/papers\//);
  });

  it('says only the count when one page holds every paper, and no next line', async () => {
    await upsertPapers(
      temp.store,
      [1, 2, 3].map((n) => ({ source: 'arxiv', id: `2611.3000${n}`, title: `Axolotl regeneration ${n}`, abstract: 'Limbs grow back.' })),
      NOW.toISOString(),
    );
    const reply = await say('/papers search axolotl');
    expect(lines(reply)[0]).toBe('3 papers match');
    expect(reply.text).not.toContain('next:');
    expect(reply.paging?.hasMore).toBe(false);
  });
});

describe('a search answer on Discord', () => {
  it('lists five papers a page, says so, and leaves the next page to its buttons', async () => {
    const reply = await say('/papers search model', DISCORD);
    expect(lines(reply)[0]).toMatch(/^\d+ papers match; 1–5 shown$/);
    expect(ranks(reply)).toEqual([1, 2, 3, 4, 5]);
    expect(reply.text).not.toContain('next:');
    expect(reply.paging).toMatchObject({ query: 'model', limit: 5, page: 1, hasMore: true });
  });

  it('takes the page typed in the query, remembers the query without it, and refuses two different pages', async () => {
    const search = findCommand('search')!;
    const typed = await runCommand(context(DISCORD), search, { query: 'model page:2' });
    expect(lines(typed)[0]).toMatch(/; 6–10 shown$/);
    // The page buttons search the remembered query with their own page.
    expect(typed.paging).toMatchObject({ query: 'model', page: 2 });
    const both = await runCommand(context(DISCORD), search, { query: 'model page:2', page: 3 });
    expect(both.text).toBe('Two pages asked for (3 and 2); give one.');
  });
});

describe('a search with more matches than ranking looks at', () => {
  it('says "more than 500", and past the last ranked page says how to reach the older ones', async () => {
    const many: PaperInput[] = Array.from({ length: CANDIDATE_CAP + 1 }, (_, i) => ({
      source: 'arxiv',
      id: `2610.${String(40000 + i)}`,
      title: `Zebrafish fin study ${i}`,
      abstract: 'Fins regrow.',
    }));
    await upsertPapers(temp.store, many, NOW.toISOString());
    const reply = await say('/papers search zebrafish');
    expect(lines(reply)[0]).toBe(`More than ${CANDIDATE_CAP} papers match; the newest ${CANDIDATE_CAP} are ranked; 1–10 shown`);
    const past = await say(`/papers search zebrafish page:${CANDIDATE_CAP / 10 + 1}`);
    expect(past.text).toBe(
      `More than ${CANDIDATE_CAP} papers match; page 51 is past the end (50 pages). Only the newest ${CANDIDATE_CAP} are ranked: narrow the search (a "phrase", cat:, since:) to reach older ones.`,
    );
  });
});

describe('an answer that holds together', () => {
  const base = { corrections: [], expansions: [], capped: false } as const;
  const response = (fields: Partial<SearchResponse>): SearchResponse =>
    ({ ...base, hits: [], total: 0, relaxed: false, query: {}, ...fields }) as unknown as SearchResponse;

  it('never speaks of papers shown when none are, even when no paper had every word', () => {
    const text = searchAnswerText(response({ relaxed: true, total: 0 }), '量子化 模型 🚀');
    expect(text).toBe('No papers match "量子化 模型 🚀".');
    expect(text).not.toMatch(/every word|showing|shown|come close/);
  });

  it('says the papers only come close when no paper has every word, in the count line', async () => {
    const real = await searchPapers(temp.store, 'zeroth-order qwzxv', { now: NOW });
    expect(real.relaxed).toBe(true);
    const text = searchAnswerText(real, 'zeroth-order qwzxv');
    expect(text.split('\n')[0]).toMatch(/^No paper has every word; \d+ papers come close(; 1–10 shown)?$/);
    expect(text).not.toContain('match');
  });

  it('counts one paper in the singular', () => {
    expect(searchCountLine(response({ total: 1, hits: [{}] as never }), 0)).toBe('1 paper matches');
    expect(searchCountLine(response({ total: 1, relaxed: true, hits: [{}] as never }), 0)).toBe(
      'No paper has every word; 1 paper comes close',
    );
    expect(searchCountLine(response({ total: 11, hits: [{}] as never }), 10)).toBe('11 papers match; 11 shown');
  });
});
