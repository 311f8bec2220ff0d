// The /papers commands as every front end runs them: typed lines through runCommandText (the console, Slack)
// and structured options through runCommand (Discord), against a real store with the sample corpus.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandCaller, CommandContext, CommandReply } from '../../commands/command.js';
import { runCommand, runCommandText } from '../../commands/dispatch.js';
import { commands, findCommand } from '../../commands/index.js';
import { MAX_TOPICS_PER_TARGET } from '../../src/app/subscriptions.js';
import { answerConsoleLine, CONSOLE_CALLER, CONSOLE_CHANNEL } from '../../src/platforms/console/console-bot.js';
import { ensureTarget, findTarget, pauseTarget } from '../../src/store/targets-repository.js';
import { loadSearchCorpus } from '../helpers/search-corpus.js';
import { createTempStore, type TempStore } from '../helpers/temp-store.js';

const NOW = new Date('2026-12-02T12:00:00Z');

const member: CommandCaller = {
  platform: 'discord',
  workspace: 'guild-1',
  channel: 'chan-1',
  user: 'user-1',
  canManageChannel: false,
  managePermissionName: 'Manage Channels',
};
const manager: CommandCaller = { ...member, user: 'admin-1', canManageChannel: true };

let temp: TempStore;
beforeEach(async () => {
  temp = await createTempStore();
  await loadSearchCorpus(temp.store);
});
afterEach(async () => temp.cleanup());

function context(caller: CommandCaller): CommandContext {
  return { store: temp.store, now: () => NOW, caller };
}

/** Every reply is words for a person: never an exception's name or a stack trace. */
function expectWords(reply: CommandReply): CommandReply {
  expect(reply.text.trim()).not.toBe('');
  expect(reply.text).not.toContain('Error:');
  expect(reply.text).not.toContain('    at ');
  return reply;
}

async function say(caller: CommandCaller, line: string): Promise<CommandReply> {
  return expectWords(await runCommandText(context(caller), line));
}

async function structured(caller: CommandCaller, name: string, options: Record<string, unknown>): Promise<CommandReply> {
  const command = findCommand(name);
  if (command === undefined) throw new Error(`no command ${name}`);
  return expectWords(await runCommand(context(caller), command, options));
}

const channelAddress = { platform: 'discord', workspace: 'guild-1', kind: 'channel', address: 'chan-1' } as const;

describe('subscribe', () => {
  it('refuses a channel subscription without the permission, naming it and suggesting "me"', async () => {
    const reply = await say(member, '/papers subscribe rlhf');
    expect(reply.text).toContain('Manage Channels');
    expect(reply.text).toContain('/papers subscribe me');
    expect(reply.ephemeral).toBe(true);
    expect(await findTarget(temp.store, channelAddress)).toBeNull();
  });

  it('names the permission generically when the platform gives no name', async () => {
    const { managePermissionName: _unused, ...unnamed } = member;
    const reply = await say(unnamed, 'subscribe rlhf');
    expect(reply.text).toMatch(/permission to manage this channel/);
    expect(reply.text).toContain('subscribe me');
  });

  it('lets anyone follow a topic for themselves with "me"', async () => {
    const reply = await say(member, '/papers subscribe me rlhf');
    expect(reply.text).toMatch(/^Subscribed you to "rlhf"\./);
    expect(reply.text).toContain('your direct messages');
    expect(reply.ephemeral).toBe(true);
    const topics = await say(member, '/papers topics');
    expect(topics.text).toContain('You follow 1 topic');
    expect(topics.text).toContain('  - rlhf');
  });

  it('lets a manager subscribe the channel, and the reply is public', async () => {
    const reply = await say(manager, '/papers subscribe rlhf');
    expect(reply.text).toMatch(/^Subscribed this channel to "rlhf"\. New papers matching it will appear in this channel's digest\./);
    expect(reply.ephemeral).toBe(false);
  });

  it('refuses a duplicate politely, whatever its letter case and spacing', async () => {
    await say(manager, '/papers subscribe RLHF');
    const again = await say(manager, '/papers subscribe   rlhf  ');
    expect(again.text).toMatch(/already follows "rlhf"/);
    expect(again.ephemeral).toBe(true);
    const spaced = await say(manager, '/papers subscribe "reward   model"');
    expect(spaced.text).toMatch(/^Subscribed/);
    const spacedAgain = await say(manager, '/papers subscribe "Reward Model"');
    expect(spacedAgain.text).toMatch(/already follows/);
    const topics = await say(manager, '/papers topics');
    expect(topics.text).toContain('This channel follows 2 topics');
  });

  it(`refuses the ${MAX_TOPICS_PER_TARGET + 1}th topic`, async () => {
    for (let i = 1; i <= MAX_TOPICS_PER_TARGET; i += 1) {
      const reply = await say(manager, `/papers subscribe topic${i}`);
      expect(reply.text).toMatch(/^Subscribed/);
    }
    const over = await say(manager, '/papers subscribe one more');
    expect(over.text).toContain(`${MAX_TOPICS_PER_TARGET} topics, the most allowed`);
    expect(over.text).toContain('/papers unsubscribe');
    // A topic already followed is still a duplicate at the cap, not a reason to remove one.
    expect((await say(manager, '/papers subscribe TOPIC7')).text).toBe('This channel already follows "TOPIC7".');
    // Personal topics have their own allowance.
    expect((await say(manager, '/papers subscribe me one more')).text).toMatch(/^Subscribed you/);
    expect((await say(manager, '/papers topics')).text).toContain(`This channel follows ${MAX_TOPICS_PER_TARGET} topics`);
  });

  it('accepts a topic nothing matches yet, with a note saying so', async () => {
    const reply = await say(manager, '/papers subscribe lattice chromodynamics');
    expect(reply.text).toMatch(/^Subscribed this channel to "lattice chromodynamics"\./);
    expect(reply.text).toContain('Nothing in the store matches it yet');
  });

  it('answers an invalid topic clearly: only exclusions, empty, or a bad filter', async () => {
    const exclusions = await say(manager, '/papers subscribe -foo');
    expect(exclusions.text).toContain('A topic needs at least one word or filter to match, besides exclusions.');
    const quotedEmpty = await say(manager, '/papers subscribe ""');
    expect(quotedEmpty.text).toMatch(/A topic needs at least one word/);
    const empty = await say(manager, '/papers subscribe');
    expect(empty.text).toContain('Name a topic to follow');
    expect(empty.text).toContain('Usage: /papers subscribe [me] <topic>');
    const emptyMine = await say(member, '/papers subscribe me');
    expect(emptyMine.text).toContain('Name a topic to follow');
    const onlySince = await say(manager, '/papers subscribe since:2026-01-01');
    expect(onlySince.text).toContain('A topic needs at least one word, author:, org: or cat: to match.');
    const badCategory = await say(manager, '/papers subscribe cat:42');
    expect(badCategory.text).toContain('cat: needs an arXiv category');
    const tooLong = await say(manager, `/papers subscribe ${'word '.repeat(60)}`);
    expect(tooLong.text).toMatch(/at most 200 characters/);
    expect((await say(manager, '/papers topics')).text).toContain('This channel follows no topics.');
  });
});

describe('unsubscribe', () => {
  it('removes a topic however it is spelled', async () => {
    await say(manager, '/papers subscribe RLHF');
    const reply = await say(manager, '/papers unsubscribe  rlhf ');
    expect(reply.text).toBe('Unsubscribed this channel from "rlhf".');
    expect((await say(manager, '/papers topics')).text).toContain('This channel follows no topics.');
  });

  it('answers an unknown topic with the topics that are followed', async () => {
    await say(manager, '/papers subscribe rlhf');
    await say(manager, '/papers subscribe speech recognition');
    const reply = await say(manager, '/papers unsubscribe mamba');
    expect(reply.text).toContain('This channel does not follow "mamba".');
    expect(reply.text).toContain('"rlhf"');
    expect(reply.text).toContain('"speech recognition"');
    const mine = await say(member, '/papers unsubscribe me mamba');
    expect(mine.text).toBe('You do not follow "mamba". You follow no topics.');
  });

  it('refuses a channel unsubscribe without the permission', async () => {
    await say(manager, '/papers subscribe rlhf');
    const reply = await say(member, '/papers unsubscribe rlhf');
    expect(reply.text).toContain('Manage Channels');
    expect((await say(member, '/papers topics')).text).toContain('  - rlhf');
  });
});

describe('topics', () => {
  it('lists the channel topics and the caller own topics', async () => {
    const empty = await say(member, '/papers topics');
    expect(empty.text).toContain('This channel follows no topics.');
    expect(empty.text).toContain('Follow one with /papers subscribe');
    await say(manager, '/papers subscribe rlhf');
    await say(manager, '/papers subscribe cat:cs.CL "speech recognition"');
    await say(member, '/papers subscribe me mamba -vision');
    const reply = await say(member, '/papers topics');
    expect(reply.text).toBe(
      [
        'This channel follows 2 topics:',
        '  - rlhf',
        '  - cat:cs.CL "speech recognition"',
        'You follow 1 topic (in your direct messages):',
        '  - mamba -vision',
      ].join('\n'),
    );
    // Another person in the same channel sees the channel's topics, not the first person's own.
    const other = await say({ ...member, user: 'user-2' }, '/papers topics');
    expect(other.text).toContain('This channel follows 2 topics');
    expect(other.text).toContain('You follow no topics (in your direct messages).');
  });
});

describe('settings', () => {
  it('shows the defaults to anyone when nothing is set', async () => {
    const reply = await say(member, '/papers settings');
    expect(reply.text).toContain('not set up yet');
    expect(reply.text).toMatch(/time +09:00 UTC/);
    expect(reply.text).toMatch(/days +Monday to Friday/);
    expect(reply.text).toMatch(/size +10 trending papers/);
    expect(reply.ephemeral).toBe(true);
    expect(await findTarget(temp.store, channelAddress)).toBeNull();
  });

  it('refuses changes to the channel by someone who cannot manage it, but not to their own digest', async () => {
    const refused = await say(member, '/papers settings size 5');
    expect(refused.text).toContain('Manage Channels');
    expect(await findTarget(temp.store, channelAddress)).toBeNull();
    const mine = await say(member, '/papers settings me size 5');
    expect(mine.text).toContain('Your digest is updated:');
    expect(mine.text).toMatch(/size +5 trending papers/);
  });

  it('saves and shows a full change', async () => {
    const reply = await say(
      manager,
      '/papers settings time 08:30 tz Europe/Berlin days mon,wed,fri size 5 min-upvotes 3 empty-days silent',
    );
    expect(reply.text).toContain("This channel's digest is updated:");
    expect(reply.text).toContain('  time         08:30 Europe/Berlin, UTC+01:00\n');
    expect(reply.text).toMatch(/days +Mon, Wed, Fri/);
    expect(reply.text).toMatch(/size +5 trending papers/);
    expect(reply.text).toMatch(/min-upvotes +3/);
    expect(reply.text).toMatch(/empty-days +post nothing/);
    expect(reply.text).toMatch(/digest +on/);
    // 2026-12-02 is a Wednesday; 08:30 in Berlin (CET) has passed at 12:00 UTC, so Friday is next.
    expect(reply.text).toContain('Next digest: Fri 4 Dec, 08:30 Europe/Berlin, UTC+01:00.');
    const target = await findTarget(temp.store, channelAddress);
    expect(target?.settings).toEqual({
      minuteOfDay: 8 * 60 + 30,
      timeZone: 'Europe/Berlin',
      weekdays: [1, 3, 5],
      size: 5,
      minUpvotes: 3,
      emptyDay: 'silent',
      layout: 'messages',
      paused: false,
    });
    const shown = await say(member, '/papers settings');
    expect(shown.text).toContain("This channel's digest:");
    expect(shown.text).toMatch(/time +08:30 Europe\/Berlin/);
    expect(shown.text).toContain('Next digest:');
  });

  it('answers bad values by naming what is accepted', async () => {
    const time = await say(manager, '/papers settings time 25:00');
    expect(time.text).toContain('"25:00" is not a time of day. Use 24-hour HH:MM');
    const zone = await say(manager, '/papers settings tz Mars/Olympus');
    expect(zone.text).toContain('"Mars/Olympus" is not a name in the IANA time zone database. Use one like Europe/Berlin');
    const size = await say(manager, '/papers settings size 99');
    expect(size.text).toContain('size is a whole number from 0 to 25.');
    const word = await say(manager, '/papers settings size lots');
    expect(word.text).toContain('size is a whole number from 0 to 25.');
    const days = await say(manager, '/papers settings days someday');
    expect(days.text).toContain('is not a set of days. Use weekdays, daily, weekends');
    const empty = await say(manager, '/papers settings empty-days maybe');
    expect(empty.text).toContain('empty-days is "note" (post a short note) or "silent" (post nothing).');
    const unknown = await say(manager, '/papers settings colour blue');
    expect(unknown.text).toContain('"colour" is not something this command understands. It accepts:');
    const missing = await say(manager, '/papers settings time');
    expect(missing.text).toContain('"time" needs a value.');
    for (const reply of [time, zone, size, days, empty, unknown, missing]) expect(reply.text).toContain('Usage: /papers settings');
    // Nothing was saved by any of them.
    expect(await findTarget(temp.store, channelAddress)).toBeNull();
  });

  it('pauses and resumes', async () => {
    const paused = await say(manager, '/papers settings pause');
    expect(paused.text).toMatch(/digest +paused/);
    expect(paused.text).toContain('It is paused; /papers settings resume starts it again.');
    expect((await findTarget(temp.store, channelAddress))?.settings.paused).toBe(true);
    const shown = await say(member, '/papers settings');
    expect(shown.text).toMatch(/digest +paused/);
    expect(shown.text).not.toContain('Next digest');
    expect((await say(member, '/papers settings resume')).text).toContain('Manage Channels');
    const resumed = await say(manager, '/papers settings resume');
    expect(resumed.text).toMatch(/digest +on/);
    expect(resumed.text).toContain('Next digest: Thu 3 Dec');
    expect((await findTarget(temp.store, channelAddress))?.settings.paused).toBe(false);
  });

  it('puts a channel digest into a thread, but never a personal one', async () => {
    const threaded = await say(manager, '/papers settings layout thread');
    expect(threaded.text).toMatch(/layout +a one-line header, the papers in a thread under it/);
    expect((await findTarget(temp.store, channelAddress))?.settings.layout).toBe('thread');
    const mine = await say(member, '/papers settings me layout thread');
    expect(mine.text).toContain('Threads are for channels; your own digest always arrives as direct messages.');
    const odd = await say(manager, '/papers settings layout sideways');
    expect(odd.text).toContain('layout is "messages" (the papers in the channel) or "thread" (a header, the papers in a thread).');
    const back = await say(manager, '/papers settings layout messages');
    expect(back.text).toMatch(/layout +the papers as messages/);
  });

  it('reads structured options as Discord sends them: numbers as numbers', async () => {
    const tooBig = await structured(manager, 'settings', { size: 30 });
    expect(tooBig.text).toContain('size is a whole number from 0 to 25.');
    expect(tooBig.text).toContain('Usage: /papers settings');
    expect(await findTarget(temp.store, channelAddress)).toBeNull();
    const fractional = await structured(manager, 'settings', { size: 2.5 });
    expect(fractional.text).toContain('size is a whole number from 0 to 25.');
    const ok = await structured(manager, 'settings', { size: 5, min_upvotes: 2 });
    expect(ok.text).toMatch(/size +5 trending papers/);
    expect(ok.text).toMatch(/min-upvotes +2/);
    expect((await findTarget(temp.store, channelAddress))?.settings.size).toBe(5);
    const refused = await structured(member, 'settings', { size: 5 });
    expect(refused.text).toContain('Manage Channels');
    const mine = await structured(member, 'settings', { for: 'me', size: 0 });
    expect(mine.text).toMatch(/size +no trending section/);
    const badScope = await structured(member, 'settings', { for: 'everyone' });
    expect(badScope.text).toContain('for is either "channel" or "me".');
  });
});

describe('other commands', () => {
  it('answers an unknown command and an empty line', async () => {
    const reply = await say(member, '/papers frobnicate now');
    expect(reply.text).toBe('Unknown command "frobnicate". Type /papers help for the list.');
    expect((await say(member, '/papers')).text).toBe('Type /papers help for the list of commands.');
  });

  it('still answers a search, and an unusable one', async () => {
    const reply = await say(member, '/papers search zeroth-order');
    // A Discord member: five papers a page, the count first.
    expect(reply.text).toMatch(/^\d+ papers match; 1–5 shown\n(\(also searched: [^\n]*\)\n)?1\. (ZO2|Fine-tuning Quantized)/);
    expect(reply.ephemeral).toBe(true);
    const none = await say(member, '/papers search -model');
    expect(none.text).toContain('Add a word or filter to search for, besides the excluded words.');
    const empty = await say(member, '/papers search');
    expect(empty.text).toContain('Type something to search for.');
    const structuredSearch = await structured(member, 'search', { query: 'quantization', limit: 2 });
    expect(structuredSearch.text).toMatch(/^1\. /m);
    expect(structuredSearch.text).not.toMatch(/^3\. /m);
  });

  it('previews the digest for anyone', async () => {
    const reply = await say(member, '/papers digest');
    expect(reply.text).toMatch(/^Papers digest for Wednesday,? 2 December 2026/);
    expect(reply.digest).toBeDefined();
  });

  it('help lists every registered command', async () => {
    const reply = await say(member, '/papers help');
    for (const command of commands) {
      expect(reply.text).toContain(command.usage);
      expect(reply.text).toContain(command.description);
    }
    expect(commands.map((c) => c.name)).toEqual(['search', 'similar', 'subscribe', 'unsubscribe', 'topics', 'digest', 'settings', 'help']);
  });
});

describe('the note on a channel digest the bot paused', () => {
  const pausedConsole = async () => {
    const target = await ensureTarget(temp.store, CONSOLE_CHANNEL, NOW, CONSOLE_CALLER.user);
    await pauseTarget(temp.store, target.id, 'the terminal went away', NOW);
  };

  it('on the console, which nothing resumes by itself, says to run /papers settings resume', async () => {
    await pausedConsole();
    const answer = await answerConsoleLine('/papers topics', { store: temp.store, now: () => NOW, caller: CONSOLE_CALLER });
    expect(answer?.split('\n').filter((line) => line.startsWith('Note:'))).toEqual([
      'Note: the papers digest of <#console> is paused: the terminal went away. Once that is fixed, run /papers settings resume there.',
    ]);
  });

  it('says what the platform declares resumes it, for the reason it was paused', async () => {
    await pausedConsole();
    const reply = await runCommandText(
      { store: temp.store, now: () => NOW, caller: CONSOLE_CALLER, resumeHint: (reason) => `Resumes when "${reason}" is over.` },
      '/papers topics',
    );
    expect(reply.text).toContain(
      'Note: the papers digest of <#console> is paused: the terminal went away. Resumes when "the terminal went away" is over.',
    );
  });
});
