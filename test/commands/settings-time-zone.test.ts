// /papers settings with time zones as people type them: the name is kept as typed (in the database's spelling)
// and shown with the offset it has when shown, the same in the settings lines and the next-digest line.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandCaller, CommandReply } from '../../commands/command.js';
import { runCommandText } from '../../commands/dispatch.js';
import { defaultSettings } from '../../src/core/targets/target.js';
import { ensureTarget, findTarget, saveTargetSettings } from '../../src/store/targets-repository.js';
import { createTempStore, type TempStore } from '../helpers/temp-store.js';

// Wednesdays, 12:00 UTC: New York is UTC-5 in January, UTC-4 in July.
const WINTER = new Date('2027-01-13T12:00:00Z');
const SUMMER = new Date('2027-07-14T12:00:00Z');

const manager: CommandCaller = {
  platform: 'discord',
  workspace: 'guild-1',
  channel: 'chan-1',
  user: 'admin-1',
  canManageChannel: true,
  managePermissionName: 'Manage Channels',
};
const address = { platform: 'discord', workspace: 'guild-1', kind: 'channel', address: 'chan-1' } as const;

let temp: TempStore;
beforeEach(async () => {
  temp = await createTempStore();
});
afterEach(async () => temp.cleanup());

async function say(line: string, now: Date): Promise<CommandReply> {
  return runCommandText({ store: temp.store, now: () => now, caller: manager }, line);
}

describe('settings time zones', () => {
  it('stores america/new_york as America/New_York and shows the winter offset in winter', async () => {
    const reply = await say('/papers settings time 07:00 tz america/new_york days daily', WINTER);
    expect(reply.text).toContain('  time         07:00 America/New_York, UTC−05:00\n');
    expect(reply.text).toContain('Next digest: Thu 14 Jan, 07:00 America/New_York, UTC−05:00.');
    expect((await findTarget(temp.store, address))?.settings.timeZone).toBe('America/New_York');
  });

  it('shows the summer offset in summer', async () => {
    const reply = await say('/papers settings time 07:00 tz America/New_York days daily', SUMMER);
    expect(reply.text).toContain('  time         07:00 America/New_York, UTC−04:00\n');
    expect(reply.text).toContain('Next digest: Thu 15 Jul, 07:00 America/New_York, UTC−04:00.');
    const target = await findTarget(temp.store, address);
    // 07:00 EDT is 11:00 UTC.
    expect(target?.nextRunAt.toISOString()).toBe('2027-07-15T11:00:00.000Z');
  });

  it('keeps Asia/Kolkata as typed, with its half-hour offset, and Asia/Calcutta as Asia/Calcutta', async () => {
    const kolkata = await say('/papers settings time 09:00 tz asia/kolkata days daily', WINTER);
    expect(kolkata.text).toContain('  time         09:00 Asia/Kolkata, UTC+05:30\n');
    expect((await findTarget(temp.store, address))?.settings.timeZone).toBe('Asia/Kolkata');
    const calcutta = await say('/papers settings tz Asia/Calcutta', WINTER);
    expect(calcutta.text).toContain('  time         09:00 Asia/Calcutta, UTC+05:30\n');
    expect(calcutta.text).toContain('Next digest: Thu 14 Jan, 09:00 Asia/Calcutta, UTC+05:30.');
    expect((await findTarget(temp.store, address))?.settings.timeZone).toBe('Asia/Calcutta');
  });

  it.each([
    ['US/Eastern', 'US/Eastern, UTC−05:00'],
    ['cet', 'CET, UTC+01:00'],
    ['est5edt', 'EST5EDT, UTC−05:00'],
    ['utc', 'UTC'],
    ['gmt', 'GMT'],
  ])('accepts %j and shows it as %j', async (typed, shown) => {
    const reply = await say(`/papers settings time 06:00 tz ${typed}`, WINTER);
    expect(reply.text).toContain(`  time         06:00 ${shown}\n`);
  });

  it.each([
    ['Etc/GMT+5', '"Etc/GMT+5" is a fixed offset, UTC−05:00 all year. Use a name from the IANA time zone database like'],
    ['EST', '"EST" is a fixed offset, UTC−05:00 all year. Use a name from the IANA time zone database like'],
    ['UTC+2', '"UTC+2" is not a name in the IANA time zone database. Use one like'],
    ['BST', '"BST" is not a name in the IANA time zone database. Use one like'],
  ])('refuses %j, stating the rule, and saves nothing', async (typed, start) => {
    const reply = await say(`/papers settings tz ${typed}`, WINTER);
    expect(reply.text).toContain(start);
    expect(reply.text).toContain('Fixed offsets (UTC+2, Etc/GMT-2, EST, MST, HST) are not accepted');
    expect(await findTarget(temp.store, address)).toBeNull();
  });

  // Stored before this rule (the old code saved Intl's canonical form, and took Etc/ names): still scheduled and shown.
  it.each([
    ['Asia/Calcutta', '2027-01-14T03:30:00.000Z', 'Thu 14 Jan, 09:00 Asia/Calcutta, UTC+05:30'],
    ['Etc/GMT+5', '2027-01-13T14:00:00.000Z', 'Wed 13 Jan, 09:00 Etc/GMT+5, UTC−05:00'],
  ])('a stored %s keeps working', async (timeZone, nextRun, shown) => {
    const target = await ensureTarget(temp.store, address, WINTER, 'admin-1');
    const settings = { ...defaultSettings('channel'), timeZone, minuteOfDay: 9 * 60, weekdays: [1, 2, 3, 4, 5, 6, 7] };
    const saved = await saveTargetSettings(temp.store, target, settings, WINTER, 'admin-1');
    expect(saved.nextRunAt.toISOString()).toBe(nextRun);
    const reply = await say('/papers settings', WINTER);
    expect(reply.text).toContain(`Next digest: ${shown}.`);
  });
});
