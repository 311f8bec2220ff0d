// A digest's settings as /papers settings reads and changes them: the stored target of an address, and a change
// saved (the target is created by the first change, never by a look).
import type { DigestSettings, Target, TargetAddress } from '../../core/targets/target.js';
import type { Store } from '../../store/database.js';
import { ensureTarget, findTarget, saveTargetSettings } from '../../store/targets-repository.js';

/** The address's target as stored; null when nobody has set it up. */
export function storedTarget(store: Store, address: TargetAddress): Promise<Target | null> {
  return findTarget(store, address);
}

/** Saves `settings` for the address (creating its target, with `user` as its admin, when there is none yet). */
export async function saveSettings(
  store: Store,
  address: TargetAddress,
  existing: Target | null,
  settings: DigestSettings,
  now: Date,
  user: string | null,
): Promise<Target> {
  const target = existing ?? (await ensureTarget(store, address, now, user));
  return saveTargetSettings(store, target, settings, now, user);
}
