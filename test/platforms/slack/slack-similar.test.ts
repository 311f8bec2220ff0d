// The Similar button through the real Bolt app and the Slack double (Socket Mode): on each paper of a search answer
// and of a digest, pressing it (a block_actions payload) answers the person who pressed it privately, through the
// press's response_url, with the papers most like that one, the paper itself absent. The double refuses blocks
// past Slack's limits.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SIMILAR_ACTION } from '../../../src/platforms/slack/digest-blocks.js';
import { upsertPapers } from '../../../src/store/papers-repository.js';
import { blockActionsPayload } from '../../doubles/slack-double.js';
import { digestPaper } from '../../helpers/digest-papers.js';
import { MEMBER, PUBLIC_CHANNEL, TEAM, startSlackFixture, type SlackFixture } from '../../helpers/slack-fixture.js';

interface Element {
  type: string;
  action_id?: string;
  value?: string;
  url?: string;
  text?: { text: string };
}
interface Block {
  type: string;
  text?: { text: string };
  accessory?: Element;
  elements?: Element[];
}

let fixture: SlackFixture;
beforeEach(async () => {
  fixture = await startSlackFixture();
});
afterEach(async () => fixture.close());

/** Every Similar button of some blocks, in order: section accessories and buttons in actions blocks. */
const similarButtons = (blocks: Block[]) =>
  blocks.flatMap((b) => [b.accessory, ...(b.elements ?? [])]).filter((e): e is Element => SIMILAR_ACTION.test(e?.action_id ?? ''));

/** The ids of the papers an answer lists, from their Hugging Face links. */
const listed = (text: string) => [...text.matchAll(/huggingface\.co\/papers\/([^\s>|]+)/g)].map((m) => m[1]);

/** Presses a Similar button as MEMBER; resolves with what the bot posted to the press's response_url. */
async function press(button: Element): Promise<Record<string, unknown>> {
  const responseUrl = fixture.slack.responseUrl();
  const ack = await fixture.slack.sendInteractive(
    blockActionsPayload({
      teamId: TEAM,
      channelId: PUBLIC_CHANNEL,
      userId: MEMBER,
      actionId: button.action_id ?? '',
      value: button.value ?? '',
      responseUrl,
    }),
  );
  expect(ack.envelope_id).toBeTruthy();
  const id = decodeURIComponent(responseUrl.slice(responseUrl.lastIndexOf('/') + 1));
  return (await fixture.slack.waitForResponse((r) => r.id === id)).body;
}

function expectSimilarAnswer(body: Record<string, unknown>, paperId: string): void {
  expect(body.response_type).toBe('ephemeral');
  expect(body.replace_original).toBe(false);
  const text = String(body.text);
  expect(text).toMatch(new RegExp(`^Papers similar to ".*" \\(${paperId.replace('.', '\\.')}\\):\\n1\\. `));
  expect(listed(text).length).toBeGreaterThan(0);
  expect(listed(text)).not.toContain(paperId);
  // Laid out paper by paper, each with a Similar button of its own; none is the paper itself.
  const again = similarButtons((body.blocks ?? []) as Block[]);
  expect(again.length).toBeGreaterThan(0);
  expect(again.map((b) => b.value)).not.toContain(paperId);
}

describe('the Similar button on Slack', () => {
  it('is beside each paper of a search answer, and answers privately with the similar papers', async () => {
    const answer = await fixture.command(MEMBER, 'search model');
    expect(answer.response_type).toBe('ephemeral');
    const blocks = (answer.blocks ?? []) as Block[];
    // Slack's limits: 50 blocks a message, button texts of 75, action_ids of 255, each action_id once.
    expect(blocks.length).toBeLessThanOrEqual(50);
    const buttons = similarButtons(blocks);
    expect(buttons.length).toBeGreaterThan(0);
    for (const b of buttons) {
      expect(b.text?.text).toBe('Similar');
      expect(b.action_id?.length).toBeLessThanOrEqual(255);
    }
    expect(new Set(buttons.map((b) => b.action_id)).size).toBe(buttons.length);
    expect(buttons.map((b) => b.value)).toEqual(listed(answer.text ?? '').slice(0, buttons.length));

    const button = buttons[1];
    if (button === undefined) throw new Error('no second Similar button');
    expectSimilarAnswer(await press(button), button.value ?? '');
  });

  it('is among each digest paper’s buttons, and answers privately with the similar papers', async () => {
    await upsertPapers(
      fixture.temp.store,
      Array.from({ length: 5 }, (_, i) => digestPaper(i + 1, { dailyDate: '2026-11-28' })),
      '2026-11-28T12:00:00Z',
    );
    const preview = await fixture.command(MEMBER, 'digest');
    const blocks = (preview.blocks ?? []) as Block[];
    const actions = blocks.filter((b) => b.type === 'actions');
    expect(actions.length).toBeGreaterThan(0);
    // Each paper's buttons: its links, then Similar.
    for (const block of actions) expect(block.elements?.at(-1)?.action_id).toMatch(SIMILAR_ACTION);
    const button = similarButtons(actions).find((b) => /^2611\.2000\d$/.test(b.value ?? ''));
    if (button === undefined) throw new Error('no Similar button on a digest paper');
    expectSimilarAnswer(await press(button), button.value ?? '');
    // Answered through response_url only: nothing was posted to the channel.
    expect(fixture.slack.posted).toEqual([]);
  });

  it('answers a button whose paper has left the store in words, privately', async () => {
    const body = await press({ type: 'button', action_id: `${'papers-similar-'}9`, value: '2501.99999' });
    expect(body).toMatchObject({
      response_type: 'ephemeral',
      text: 'Paper 2501.99999 is not in the store yet, so there is nothing to compare it with.',
    });
  });
});
