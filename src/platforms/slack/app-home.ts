// The App Home tab: your own topics and the channels whose digest you configured, with buttons to unsubscribe
// and to pause or resume a channel's digest. Buttons run the same commands as /papers (same checks, same
// words), and the tab is drawn again with the outcome at the top.
import type { App, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { CommandContext } from '../../../commands/command.js';
import { runCommand } from '../../../commands/dispatch.js';
import { findCommand } from '../../../commands/index.js';
import { formatRunTime } from '../../core/schedule/schedule-input.js';
import type { Target } from '../../core/targets/target.js';
import type { Store } from '../../store/database.js';
import { digestsOfPerson } from '../../app/targets/digests-of-person.js';
import type { MrkdwnText, SlackBlock } from './digest-blocks.js';
import { escapeReplyText, escapeSlackText } from './slack-text.js';

export const UNSUBSCRIBE_ACTION = 'papers_home_unsubscribe';
export const PAUSE_ACTION = 'papers_home_pause';
/** Slack allows 100 blocks in a Home tab. */
const HOME_BLOCKS_MAX = 100;
/** A button's value is at most 2,000 characters; topics are at most 200, channel ids short. */
const buttonValue = z.object({
  channel: z.string().max(40).nullable(),
  topic: z.string().max(400).optional(),
  pause: z.boolean().optional(),
});
type ButtonValue = z.infer<typeof buttonValue>;

export interface AppHomeOptions {
  store: Store;
  now: () => Date;
  logger: Logger;
  client: webApi.WebClient;
  contextFor(teamId: string, channelId: string, userId: string): Promise<CommandContext>;
}

/** A button that runs an action of ours (not a link). */
interface ActionButton {
  type: 'button';
  text: { type: 'plain_text'; text: string };
  action_id: string;
  value: string;
  style?: 'danger' | 'primary';
}

/** The Home tab's blocks: the digest's own, and sections with a button beside them. */
type HomeBlock = SlackBlock | { type: 'section'; text: MrkdwnText; accessory: ActionButton };

function section(text: string): HomeBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 3000) } };
}

function button(text: string, actionId: string, value: ButtonValue, style?: 'danger' | 'primary'): ActionButton {
  return {
    type: 'button',
    text: { type: 'plain_text', text },
    action_id: actionId,
    value: JSON.stringify(value),
    ...(style ? { style } : {}),
  };
}

function topicBlocks(topics: string[], channel: string | null): HomeBlock[] {
  if (topics.length === 0)
    return [section('_No topics yet._ `/papers subscribe' + (channel === null ? ' me' : '') + ' <topic>` adds one.')];
  return topics.map((topic) => ({
    type: 'section',
    text: { type: 'mrkdwn', text: `• ${escapeSlackText(topic)}` },
    accessory: button('Unsubscribe', UNSUBSCRIBE_ACTION, { channel, topic }),
  }));
}

function status(target: Target): string {
  if (target.settings.paused) return target.pausedReason === null ? 'paused' : `paused by the bot: ${target.pausedReason}`;
  return `next digest ${formatRunTime(target.nextRunAt, target.settings.timeZone)}`;
}

/** The Home tab of one person, pure given what the store holds. */
export async function homeView(
  store: Store,
  teamId: string,
  userId: string,
  note: string | null,
): Promise<{ type: 'home'; blocks: HomeBlock[] }> {
  const blocks: HomeBlock[] = [];
  if (note !== null) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeReplyText(note).slice(0, 3000) }] });
  blocks.push({ type: 'header', text: { type: 'plain_text', text: 'Your papers digest' } });
  const { own, channels } = await digestsOfPerson(store, 'slack', teamId, userId);
  if (own === null) blocks.push(section('Not set up. `/papers subscribe me <topic>` sends the papers on a topic to your DMs.'));
  else blocks.push(section(status(own.target)), ...topicBlocks(own.topics, null));
  blocks.push({ type: 'divider' }, { type: 'header', text: { type: 'plain_text', text: 'Channels you manage' } });
  if (channels.length === 0) blocks.push(section('None yet: `/papers subscribe <topic>` in a channel sets up its digest.'));
  for (const { target: channel, topics } of channels) {
    const paused = channel.settings.paused;
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*<#${channel.address}>* · ${escapeSlackText(status(channel))}` },
      accessory: button(
        paused ? 'Resume digest' : 'Pause digest',
        PAUSE_ACTION,
        { channel: channel.address, pause: !paused },
        paused ? 'primary' : 'danger',
      ),
    });
    blocks.push(...topicBlocks(topics, channel.address));
  }
  if (blocks.length > HOME_BLOCKS_MAX) {
    blocks.length = HOME_BLOCKS_MAX - 1;
    blocks.push(section('…and more: `/papers topics` in a channel lists all of its topics.'));
  }
  return { type: 'home', blocks };
}

/** Where a Home tab action about one's own digest runs: a "D…" address, which Slack permissions treat as one's own. */
const homeOf = (userId: string) => `D-home-${userId}`;

export function appHome(options: AppHomeOptions) {
  const notes = new Map<string, string>();
  const publish = async (teamId: string, userId: string) => {
    const note = notes.get(userId) ?? null;
    notes.delete(userId);
    await options.client.views.publish({ user_id: userId, view: await homeView(options.store, teamId, userId, note) });
  };
  /**
   * A button press, run as the command it stands for, in the channel it names; a button about the person's own
   * digest runs "for me", from the Home tab, which is no channel (a DM-like place only they can act in).
   */
  const press = async (teamId: string, userId: string, value: ButtonValue): Promise<string> => {
    const ctx = await options.contextFor(teamId, value.channel ?? homeOf(userId), userId);
    if (value.pause !== undefined) {
      const settings = findCommand('settings');
      if (settings === undefined) return 'The settings command is missing.';
      return (await runCommand(ctx, settings, { digest: value.pause ? 'paused' : 'on' })).text;
    }
    const unsubscribe = findCommand('unsubscribe');
    if (unsubscribe === undefined || value.topic === undefined) return 'That button no longer works; open the Home tab again.';
    return (await runCommand(ctx, unsubscribe, { topic: value.topic, ...(value.channel === null ? { for: 'me' } : {}) })).text;
  };
  return {
    register(app: App) {
      app.event('app_home_opened', async ({ event, context }) => {
        if (event.tab !== 'home') return;
        await publish(context.teamId ?? '', event.user).catch((error: unknown) =>
          options.logger.warn({ err: error, user: event.user }, 'could not draw the Slack home tab'),
        );
      });
      for (const actionId of [UNSUBSCRIBE_ACTION, PAUSE_ACTION]) {
        app.action(actionId, async ({ ack, body, action, context }) => {
          await ack();
          const raw = 'value' in action && typeof action.value === 'string' ? action.value : '';
          const teamId = context.teamId ?? '';
          const userId = body.user.id;
          let value: ButtonValue | null = null;
          try {
            const parsed = buttonValue.safeParse(JSON.parse(raw));
            value = parsed.success ? parsed.data : null;
          } catch {
            value = null;
          }
          try {
            notes.set(userId, value === null ? 'That button no longer works; the tab is drawn again.' : await press(teamId, userId, value));
            await publish(teamId, userId);
          } catch (error) {
            options.logger.error({ err: error, user: userId, action: actionId }, 'slack home button failed');
          }
        });
      }
    },
  };
}
