import { z } from 'zod';
import { MAX_DIGEST_SIZE, MAX_MIN_UPVOTES, defaultSettings } from '../src/core/targets/target.js';
import { applySettingsChange, hasChanges, settingsLines, type SettingsChange } from '../src/core/targets/settings-change.js';
import { formatRunTime } from '../src/core/schedule/schedule-input.js';
import { saveSettings, storedTarget } from '../src/app/targets/target-settings.js';
import type { CommandDefinition } from './command.js';
import { CommandInputError } from './command.js';
import { scopeOption, scopeSchema, wholeNumber } from './option-schemas.js';
import { targetOf } from './target-of.js';

const text = (max: number) => z.string().trim().min(1).max(max);

const schema = z.object({
  for: scopeSchema,
  time: text(20).optional(),
  timezone: text(64).optional(),
  days: text(60).optional(),
  size: wholeNumber('size', 0, MAX_DIGEST_SIZE).optional(),
  min_upvotes: wholeNumber('min-upvotes', 0, MAX_MIN_UPVOTES).optional(),
  empty_days: z.enum(['note', 'silent'], { error: 'empty-days is "note" (post a short note) or "silent" (post nothing).' }).optional(),
  layout: z
    .enum(['messages', 'thread'], {
      error: 'layout is "messages" (the papers in the channel) or "thread" (a header, the papers in a thread).',
    })
    .optional(),
  digest: z.enum(['on', 'paused'], { error: 'digest is "on" or "paused".' }).optional(),
});

type Input = z.infer<typeof schema>;

function changeOf(input: Input): SettingsChange {
  const change: SettingsChange = {};
  if (input.time !== undefined) change.time = input.time;
  if (input.timezone !== undefined) change.timezone = input.timezone;
  if (input.days !== undefined) change.days = input.days;
  if (input.size !== undefined) change.size = input.size;
  if (input.min_upvotes !== undefined) change.minUpvotes = input.min_upvotes;
  if (input.empty_days !== undefined) change.emptyDays = input.empty_days;
  if (input.layout !== undefined) change.layout = input.layout;
  if (input.digest !== undefined) change.digest = input.digest;
  return change;
}

export const settingsCommand: CommandDefinition<typeof schema> = {
  name: 'settings',
  description: "Show or change the digest's time, time zone, days, size and more",
  usage:
    '/papers settings [me] [time HH:MM] [tz ZONE] [days DAYS] [size N] [min-upvotes N] [empty-days note|silent] [layout messages|thread] [pause|resume]',
  details:
    'Shows or changes the digest settings; with no options, shows them and the next run. `time` is 24-hour; `tz` a name from the IANA time zone database, kept as typed and shown with its current UTC offset (`Europe/Berlin`, `America/New_York`, `Asia/Kolkata`, `UTC`; old names such as `US/Eastern` work, fixed offsets such as `EST` or `UTC+2` do not); `days` is `weekdays`, `daily`, `weekends`, a range `mon-fri` or a list `mon,wed,fri`; `size` the number of trending papers, 0 to 25 (0: topics only); `min-upvotes` a floor for trending papers; `empty-days` whether a day with nothing new posts a short note or nothing; `layout thread` puts one line in the channel and the papers in a thread under it (channels only); `pause` and `resume` stop and restart the digest. Defaults: Monday to Friday, 09:00 UTC, 10 papers, no floor, a note, messages. A personal digest defaults to topics only.',
  examples: [
    '/papers settings',
    '/papers settings time 08:30 tz Europe/Berlin',
    '/papers settings days mon,wed,fri size 5',
    '/papers settings layout thread',
    '/papers settings pause',
  ],
  options: [
    { name: 'time', description: 'Time of day, 24-hour HH:MM (default 09:00)', type: 'string', required: false, maxLength: 20 },
    {
      name: 'timezone',
      description: 'IANA time zone such as Europe/Berlin (default UTC)',
      type: 'string',
      required: false,
      maxLength: 64,
      aliases: ['tz', 'zone'],
    },
    { name: 'days', description: 'weekdays, daily, weekends, mon-fri or mon,wed,fri', type: 'string', required: false, maxLength: 60 },
    {
      name: 'size',
      description: `Trending papers per digest, 0 to ${MAX_DIGEST_SIZE} (0: topics only)`,
      type: 'integer',
      required: false,
      min: 0,
      max: MAX_DIGEST_SIZE,
    },
    {
      name: 'min_upvotes',
      description: 'Trending papers need at least this many upvotes',
      type: 'integer',
      required: false,
      min: 0,
      max: MAX_MIN_UPVOTES,
      aliases: ['upvotes'],
    },
    {
      name: 'empty_days',
      description: 'On a day with nothing new: post a short note, or nothing',
      type: 'string',
      required: false,
      choices: ['note', 'silent'],
      aliases: ['empty'],
    },
    {
      name: 'layout',
      description: 'The papers as messages in the channel, or in a thread under a one-line header',
      type: 'string',
      required: false,
      choices: ['messages', 'thread'],
    },
    {
      name: 'digest',
      description: 'Deliver the digest, or pause it',
      type: 'string',
      required: false,
      choices: ['on', 'paused'],
      words: { pause: 'paused', resume: 'on', on: 'on', off: 'paused' },
    },
    scopeOption,
  ],
  schema,
  permission: (input) => (input.for === 'me' || !hasChanges(changeOf(input)) ? 'anyone' : 'manage-channel'),
  async run(ctx, input) {
    const address = targetOf(ctx.caller, input.for);
    const now = ctx.now();
    const whose = address.kind === 'user' ? 'Your digest' : "This channel's digest";
    const change = changeOf(input);
    const existing = await storedTarget(ctx.store, address);
    if (!hasChanges(change)) {
      if (existing === null) {
        return {
          text: [
            `${whose} is not set up yet. These are the defaults; any change (or /papers settings${input.for === 'me' ? ' me' : ''} on) starts it:`,
            ...settingsLines(defaultSettings(address.kind), now).map((l) => `  ${l}`),
          ].join('\n'),
          ephemeral: true,
        };
      }
      const next = existing.settings.paused ? '' : `\nNext digest: ${formatRunTime(existing.nextRunAt, existing.settings.timeZone)}.`;
      const paused = existing.pausedReason !== null ? `\nPaused by the bot: ${existing.pausedReason}` : '';
      return {
        text: [`${whose}:`, ...settingsLines(existing.settings, now).map((l) => `  ${l}`)].join('\n') + next + paused,
        ephemeral: true,
      };
    }
    // Checked before a target is created: a mistyped change must not start a digest nobody asked for.
    const applied = applySettingsChange(existing?.settings ?? defaultSettings(address.kind), change, address.kind);
    if (!applied.ok) throw new CommandInputError(applied.message);
    const saved = await saveSettings(ctx.store, address, existing, applied.settings, now, ctx.caller.user);
    const next = saved.settings.paused
      ? 'It is paused; /papers settings resume starts it again.'
      : `Next digest: ${formatRunTime(saved.nextRunAt, saved.settings.timeZone)}.`;
    return {
      text: [`${whose} is updated:`, ...settingsLines(saved.settings, now).map((l) => `  ${l}`), next].join('\n'),
      ephemeral: input.for === 'me',
    };
  },
};
