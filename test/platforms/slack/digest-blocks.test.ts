import type { types } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedPaper } from '../../helpers/stored-paper.js';
import { digestItem, type DigestItem } from '../../../src/core/digest/digest-item.js';
import { emptyDigestText } from '../../../src/core/digest/digest-text.js';
import type { Digest } from '../../../src/core/digest/digest.js';
import type { Paper } from '../../../src/core/paper.js';
import {
  digestBlockMessages,
  SIMILAR_ACTION,
  slackThreadHeader,
  type ActionButton,
  type LinkButton,
  type SlackBlock,
  type SlackMessage,
} from '../../../src/platforms/slack/digest-blocks.js';
import { startSlackDouble, type SlackDouble } from '../../doubles/slack-double.js';

/** A digest item as buildDigest makes it, from a stored paper with plausible defaults. */
function item(paper: Partial<Paper> = {}, fields: Partial<DigestItem> = {}): DigestItem {
  return { ...digestItem(storedPaper(paper)), ...fields };
}

// Tuesday 13 January 2026: Monday's Daily Papers day.
function digest(fields: Partial<Digest> = {}): Digest {
  const trending = fields.trending ?? [];
  const topics = fields.topics ?? [];
  return {
    date: '2026-01-13',
    window: { start: '2026-01-12T09:00:00.000Z', end: '2026-01-13T09:00:00.000Z', trendingDays: ['2026-01-12'] },
    empty: trending.length === 0 && topics.every((t) => t.items.length === 0),
    ...fields,
    trending,
    topics,
  };
}

const ZWSP = '\u200B';

/** A paper's buttons are links (HF, arXiv, PDF, code) and its Similar button, which sends the bot the paper's id. */
const isLink = (button: LinkButton | ActionButton): button is LinkButton => 'url' in button;
const HEADLINE = 'Papers digest for Tuesday, 13 January 2026';

type Block<T extends SlackBlock['type']> = Extract<SlackBlock, { type: T }>;
const ofType = <T extends SlackBlock['type']>(blocks: readonly SlackBlock[], type: T): Block<T>[] =>
  blocks.filter((b): b is Block<T> => b.type === type);

/** Every text of a message that Slack parses, fallback included. */
function texts(message: SlackMessage): string[] {
  return [
    message.text,
    ...message.blocks.flatMap((block) => {
      switch (block.type) {
        case 'header':
          return [block.text.text];
        case 'section':
          return [block.text.text, ...(block.accessory ? [block.accessory.alt_text] : [])];
        case 'context':
          return block.elements.map((e) => e.text);
        case 'actions':
          return block.elements.map((e) => e.text.text);
        case 'divider':
          return [];
      }
    }),
  ];
}

/** A paper's section: its numbered title, linked to its Hugging Face page. */
const PAPER_TITLE = /^\*<https:\/\/huggingface\.co\/papers\/([^|>]+)\|(\d+)\. /;

/** The papers of the messages in order: id and number. */
function papersOf(messages: readonly SlackMessage[]): { id: string; n: number }[] {
  return messages.flatMap((m) =>
    ofType(m.blocks, 'section').flatMap((s) => {
      const match = PAPER_TITLE.exec(s.text.text);
      return match === null ? [] : [{ id: match[1] ?? '', n: Number(match[2]) }];
    }),
  );
}

const BOT_TOKEN = 'xoxb-digest-blocks';
const CHANNEL = 'C000PAPERS';
let slack: SlackDouble;

beforeAll(async () => {
  slack = await startSlackDouble({
    teamId: 'T000DOUBLE',
    botUserId: 'U000PAPERS',
    botToken: BOT_TOKEN,
    appToken: 'xapp-digest-blocks',
    channels: [{ id: CHANNEL, name: 'papers' }],
    users: [],
  });
});

afterAll(async () => slack.close());

/** Slack's answer to the message posted as it is (the double holds blocks to Slack's own Block Kit limits). */
async function postToSlack(message: SlackMessage): Promise<Record<string, unknown>> {
  const response = await fetch(`${slack.apiUrl}chat.postMessage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${BOT_TOKEN}` },
    body: JSON.stringify({ channel: CHANNEL, ...message }),
  });
  return (await response.json()) as Record<string, unknown>;
}

/**
 * Slack takes the message: over any Block Kit limit it would answer invalid_blocks, naming each field. Checked
 * here besides: what Slack would take but the digest must still get right.
 */
async function expectSlackTakes(message: SlackMessage): Promise<void> {
  expect(await postToSlack(message)).toMatchObject({ ok: true });
  expect(message.blocks.length).toBeGreaterThan(0);
  expect(message.text.length).toBeGreaterThan(0);
  // Slack asks for notification text of at most 4,000 characters (it refuses only past 40,000).
  expect(message.text.length).toBeLessThanOrEqual(4000);
  const actionIds: string[] = [];
  for (const block of message.blocks) {
    if (block.type === 'header') expect(block.text.text.length).toBeGreaterThan(0);
    if (block.type === 'section' && block.accessory) expect(block.accessory.image_url).toMatch(/^https:\/\//);
    if (block.type === 'context') expect(block.elements.length).toBeGreaterThan(0);
    if (block.type === 'actions') {
      expect(block.elements.length).toBeGreaterThan(0);
      for (const button of block.elements) {
        if (isLink(button)) expect(button.url).toMatch(/^https?:\/\/\S+$/);
        else {
          // The Similar button: the bot listens for its action_id, and its value is the paper's id.
          expect(button.action_id).toMatch(SIMILAR_ACTION);
          expect(button.value).toMatch(/^\S+$/);
          expect(button.text.text).toBe('Similar');
        }
        actionIds.push(button.action_id);
      }
      // One Similar button per paper, after its links.
      expect(block.elements.filter((button) => !isLink(button))).toHaveLength(1);
      expect(isLink(block.elements.at(-1) as LinkButton | ActionButton)).toBe(false);
    }
  }
  expect(new Set(actionIds).size).toBe(actionIds.length);
}

const long = (word: string, n: number) => Array.from({ length: n }, () => word).join(' ');

/** 25 trending papers and 5 topics of 5, every text far longer than buildDigest would ever make it. */
function bigDigest(): Digest {
  const huge = (i: number) =>
    item(
      { githubRepo: `https://github.com/org/repo-${i}`, githubStars: 1000 * i, thumbnail: `https://cdn.example/${i}.png` },
      {
        title: `${long('Sparse<&>*Attention*', 200)} ${i}`,
        authors: long('Ada & <Lovelace>', 400),
        summary: long('We _show_ that <!here> & more.', 400),
        topics: Array.from({ length: 40 }, (_, t) => `topic-${t}-${long('x&y', 10)}`),
      },
    );
  let i = 0;
  return digest({
    trending: Array.from({ length: 25 }, () => huge((i += 1))),
    topics: Array.from({ length: 5 }, (_, t) => ({ topic: `topic ${t}`, items: Array.from({ length: 5 }, () => huge((i += 1))), more: t })),
  });
}

describe('digestBlockMessages', () => {
  it('keeps every message of a big digest inside Slack’s limits, the papers in order and numbered per section', async () => {
    const d = bigDigest();
    const messages = digestBlockMessages(d);
    expect(messages.length).toBeGreaterThan(2);
    for (const message of messages) await expectSlackTakes(message);
    const expected = [
      ...d.trending.map((p, i) => ({ id: p.id, n: i + 1 })),
      ...d.topics.flatMap((t) => t.items.map((p, i) => ({ id: p.id, n: i + 1 }))),
    ];
    expect(papersOf(messages)).toEqual(expected);
    // Each section's heading once, in order, and right before its first paper.
    const headings = messages.flatMap((m) =>
      m.blocks.flatMap((b, i) =>
        b.type === 'section' && !PAPER_TITLE.test(b.text.text) ? [{ text: b.text.text, next: m.blocks[i + 1] }] : [],
      ),
    );
    expect(headings.map((h) => h.text)).toEqual([
      '*Trending on Daily Papers (Mon 12 Jan)*',
      '*Your topic:* topic 0',
      '*Your topic:* topic 1 (+1 more: /papers search topic 1)',
      '*Your topic:* topic 2 (+2 more: /papers search topic 2)',
      '*Your topic:* topic 3 (+3 more: /papers search topic 3)',
      '*Your topic:* topic 4 (+4 more: /papers search topic 4)',
    ]);
    for (const { next } of headings) expect(next?.type === 'section' && PAPER_TITLE.exec(next.text.text)?.[2]).toBe('1');
    // The headline opens the first message only; fallbacks say which part is which.
    expect(messages[0]?.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: HEADLINE } });
    expect(messages.flatMap((m) => ofType(m.blocks, 'header'))).toHaveLength(1);
    expect(messages.map((m) => m.text)).toEqual(messages.map((_, i) => `${HEADLINE} · 50 papers (${i + 1}/${messages.length})`));
  });

  it('keeps a paper’s blocks together in one message: section, context, buttons', () => {
    for (const message of digestBlockMessages(bigDigest())) {
      const types = message.blocks.map((b) => (b.type === 'section' ? (PAPER_TITLE.test(b.text.text) ? 'paper' : 'heading') : b.type));
      expect(types.join(' ')).toMatch(
        /^(header )?((divider )?heading )?paper context actions( ((divider )?heading )?paper context actions)*$/,
      );
      expect(types.at(-1)).toBe('actions');
    }
  });

  it('cuts long texts to their budgets, the link kept whole', () => {
    const [message] = digestBlockMessages(bigDigest());
    const section = ofType(message?.blocks ?? [], 'section').find((s) => PAPER_TITLE.test(s.text.text));
    const [title, authors, summary] = section?.text.text.split('\n') ?? [];
    expect(title).toMatch(/^\*<https:\/\/huggingface\.co\/papers\/[^|>]+\|1\. Sparse[^<>]*…>\*$/);
    expect(authors).toMatch(/^Ada &amp; &lt;Lovelace&gt;.*…$/);
    expect(summary).toMatch(/^We _\u200Bshow_\u200B that &lt;!here&gt; &amp; more\..*…$/);
  });

  it('renders a hostile title as typed: no mention, no link but ours, no formatting', () => {
    const title = '<!channel> <@U123> &lt; <https://evil.example|click> *bold* `code` <#C1> _it_ ~s~';
    const hostile = item({ id: '2601.66666' }, { title, authors: '<!here> *A*', summary: '> <!everyone> `x`', topics: ['<@U9>'] });
    const messages = digestBlockMessages(digest({ trending: [hostile], topics: [{ topic: '<!channel> *t*', items: [item()], more: 2 }] }));
    const all = messages.flatMap(texts);
    for (const text of all) {
      expect(text).not.toContain('<!');
      expect(text).not.toContain('<@');
      expect(text).not.toContain('<#');
      // Every `<` opens a link we built, to a paper's page.
      expect(text.replace(/<https:\/\/huggingface\.co\/papers\/[0-9.]+\|[^<>]*>/g, '')).not.toMatch(/[<>]/);
      // Every formatting marker of upstream text is inert; ours bold the title and the headings.
      expect(text.replace(/^\*<|>\*$|^\*(?=Trending|Your topic:)|(?<=\)|Your topic:)\*/gm, '')).not.toMatch(/[*_~`](?!\u200B)/);
    }
    const section = ofType(messages[0]?.blocks ?? [], 'section').find((s) => s.text.text.includes('2601.66666'));
    const label = /\|(.*)>\*$/m.exec(section?.text.text ?? '')?.[1] ?? '';
    const shown = label.replaceAll(ZWSP, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    expect(shown).toBe(`1. ${title}`);
    expect(section?.text.text.split('\n').slice(1)).toEqual([
      `&lt;!here&gt; *${ZWSP}A*${ZWSP}`,
      `${ZWSP}&gt; &lt;!everyone&gt; \`${ZWSP}x\`${ZWSP}`,
    ]);
    // Upstream words are never parsed for bare @here, URLs or #channels.
    for (const m of messages) for (const s of ofType(m.blocks, 'section')) expect(s.text.verbatim).toBe(true);
  });

  it('has buttons only for the links that exist and are http(s)', () => {
    const links = (code: string | null, arxiv = 'https://arxiv.org/abs/2601.1') => {
      const paper = item({ githubRepo: code }, {});
      const [message] = digestBlockMessages(digest({ trending: [{ ...paper, links: { ...paper.links, arxiv } }] }));
      return ofType(message?.blocks ?? [], 'actions').flatMap((a) => a.elements.filter(isLink).map((b) => [b.text.text, b.url]));
    };
    const withCode = links('https://github.com/x/y');
    expect(withCode.map(([label]) => label)).toEqual(['HF', 'arXiv', 'PDF', 'code']);
    expect(withCode[3]).toEqual(['code', 'https://github.com/x/y']);
    expect(links(null).map(([label]) => label)).toEqual(['HF', 'arXiv', 'PDF']);
    expect(links('javascript:alert(1)').map(([label]) => label)).toEqual(['HF', 'arXiv', 'PDF']);
    expect(links('https://github.com/x/y|spoof').map(([label]) => label)).toEqual(['HF', 'arXiv', 'PDF']);
    expect(links(null, 'ftp://arxiv.org/abs/1').map(([label]) => label)).toEqual(['HF', 'PDF']);
    // Longer than Slack's 3,000 characters for a button's URL.
    expect(links(null, `https://arxiv.org/${'a'.repeat(3000)}`).map(([label]) => label)).toEqual(['HF', 'PDF']);
  });

  it('gives every paper a Similar button naming it, after its links', () => {
    const papers = [item({ id: '2601.11111' }), item({ id: '2601.22222', githubRepo: null })];
    const [message] = digestBlockMessages(digest({ trending: papers }));
    const similar = ofType(message?.blocks ?? [], 'actions').map((a) => a.elements.at(-1));
    expect(similar.map((b) => (b === undefined || isLink(b) ? null : [b.text.text, b.value]))).toEqual([
      ['Similar', '2601.11111'],
      ['Similar', '2601.22222'],
    ]);
  });

  it('shows a thumbnail only from a short enough https URL, and not when asked to leave them out', () => {
    const accessory = (thumbnail: string | null, thumbnails?: boolean) => {
      const [message] = digestBlockMessages(digest({ trending: [item({ thumbnail })] }), thumbnails === undefined ? {} : { thumbnails });
      return ofType(message?.blocks ?? [], 'section').find((s) => PAPER_TITLE.test(s.text.text))?.accessory;
    };
    expect(accessory('https://cdn.example/t.png')).toEqual({
      type: 'image',
      image_url: 'https://cdn.example/t.png',
      alt_text: 'Paper thumbnail',
    });
    expect(accessory('http://cdn.example/t.png')).toBeUndefined();
    expect(accessory('javascript:alert(1)')).toBeUndefined();
    // Longer than Slack's 3,000 characters for an image URL.
    expect(accessory(`https://cdn.example/${'a'.repeat(3000)}.png`)).toBeUndefined();
    expect(accessory(null)).toBeUndefined();
    expect(accessory('https://cdn.example/t.png', false)).toBeUndefined();
  });

  it('says upvotes, stars (with a code link) and the other topics in the context line', () => {
    const starred = item({ upvotes: 42, githubRepo: 'https://github.com/x/y', githubStars: 12_345 }, { topics: ['rlhf', 'moe'] });
    const unstarred = item({ upvotes: 3, githubStars: 500 }, { topics: ['rlhf'] });
    const messages = digestBlockMessages(digest({ trending: [starred], topics: [{ topic: 'rlhf', items: [unstarred], more: 0 }] }));
    const contexts = messages.flatMap((m) => ofType(m.blocks, 'context').map((c) => c.elements.map((e) => e.text)));
    // Under its topic's heading an item names only the other topics it matches.
    expect(contexts).toEqual([['▲ 42', '★ 12k', 'topics: rlhf, moe'], ['▲ 3']]);
  });

  it('leaves the headline out inside a thread, and gives action_ids unique across sections', async () => {
    const d = digest({ trending: [item()], topics: [{ topic: 'rlhf', items: [item()], more: 0 }] });
    const [message, ...rest] = digestBlockMessages(d, { headline: false });
    expect(rest).toEqual([]);
    expect(message?.blocks.map((b) => b.type)).toEqual([
      'section',
      'section',
      'context',
      'actions',
      'divider',
      'section',
      'section',
      'context',
      'actions',
    ]);
    expect(message?.text).toBe(`${HEADLINE} · 2 papers`);
    if (message) await expectSlackTakes(message);
  });

  it('shows an empty day as the headline and the empty-day text', () => {
    const d = digest();
    expect(digestBlockMessages(d)).toEqual([
      {
        text: `${HEADLINE} · ${emptyDigestText(d)}`,
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: HEADLINE } },
          {
            type: 'section',
            text: {
              type: 'mrkdwn',
              text: 'Nothing new: no papers on Daily Papers for Mon 12 Jan, and nothing new on the topics followed here.',
              verbatim: true,
            },
          },
        ],
      },
    ]);
  });

  it('builds blocks Slack’s own types accept', () => {
    const blocks: types.KnownBlock[] = digestBlockMessages(bigDigest()).flatMap((m) => m.blocks);
    expect(blocks.length).toBeGreaterThan(0);
  });
});

describe('slackThreadHeader', () => {
  it('says the day and what is in the thread, in one section', () => {
    const d = digest({
      trending: Array.from({ length: 10 }, () => item()),
      topics: [
        { topic: 'rlhf', items: [item(), item()], more: 0 },
        { topic: 'moe', items: [], more: 0 },
      ],
    });
    expect(slackThreadHeader(d)).toEqual({
      text: `${HEADLINE} · 12 papers, 10 trending, 1 topic · in the thread below`,
      blocks: [
        {
          type: 'section',
          text: { type: 'mrkdwn', text: `*${HEADLINE}* · 12 papers, 10 trending, 1 topic · in the thread below`, verbatim: true },
        },
      ],
    });
    const one = slackThreadHeader(
      digest({
        topics: [
          { topic: 'a', items: [item()], more: 0 },
          { topic: 'b', items: [item()], more: 0 },
        ],
      }),
    );
    expect(one.text).toBe(`${HEADLINE} · 2 papers, 2 topics · in the thread below`);
  });

  it('is the headline and the empty-day text on an empty day', () => {
    const d = digest({ window: { start: '2026-01-12T09:00:00.000Z', end: '2026-01-12T12:00:00.000Z', trendingDays: [] } });
    const header = slackThreadHeader(d);
    expect(header.text).toBe(`${HEADLINE} · Nothing new since the last digest.`);
    expect(header.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: `*${HEADLINE}* · Nothing new since the last digest.`, verbatim: true } },
    ]);
  });
});
