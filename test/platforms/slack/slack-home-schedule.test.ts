// The Home tab shows a digest's next run with the same formatter as /papers settings: the zone as stored and its
// offset at that run, an old name staying old.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../src/core/targets/target.js';
import { homeView } from '../../../src/platforms/slack/app-home.js';
import { ensureTarget, saveTargetSettings } from '../../../src/store/targets-repository.js';
import { createTempStore, type TempStore } from '../../helpers/temp-store.js';

// Wednesday 13 January 2027, 12:00 UTC; New York is UTC-5, Kolkata UTC+05:30.
const WINTER = new Date('2027-01-13T12:00:00Z');
const address = { platform: 'slack', workspace: 'T1', kind: 'user', address: 'U1' } as const;

let temp: TempStore;
beforeEach(async () => {
  temp = await createTempStore();
});
afterEach(async () => temp.cleanup());

describe('the Home tab schedule line', () => {
  it.each([
    ['America/New_York', 'next digest Thu 14 Jan, 07:00 America/New_York, UTC−05:00'],
    ['Asia/Calcutta', 'next digest Wed 13 Jan, 19:00 Asia/Calcutta, UTC+05:30'],
  ])('shows %s with its offset', async (timeZone, line) => {
    const target = await ensureTarget(temp.store, address, WINTER, 'U1');
    const settings = { ...defaultSettings('user'), timeZone, minuteOfDay: timeZone === 'Asia/Calcutta' ? 19 * 60 : 7 * 60 };
    await saveTargetSettings(temp.store, target, { ...settings, weekdays: [1, 2, 3, 4, 5, 6, 7] }, WINTER, 'U1');
    const view = await homeView(temp.store, 'T1', 'U1', null);
    expect(JSON.stringify(view.blocks)).toContain(JSON.stringify(line).slice(1, -1));
  });
});
