// A target as stored, or, for an address that has none yet, the target it would be with the default settings
// (id 0, never stored): what a preview of a not-yet-configured digest is built from.
import type { Store } from '../../store/database.js';
import { findTarget } from '../../store/targets-repository.js';
import { nextRunAfter } from '../../core/schedule/next-run.js';
import { defaultSettings, type Target, type TargetAddress } from '../../core/targets/target.js';

export async function targetOrDefault(store: Store, address: TargetAddress, now: Date): Promise<Target> {
  const stored = await findTarget(store, address);
  if (stored !== null) return stored;
  const settings = defaultSettings(address.kind);
  // A person without a digest of their own previews the trending section, not an empty topics-only digest.
  if (address.kind === 'user') settings.size = defaultSettings('channel').size;
  return { ...address, id: 0, settings, pausedReason: null, adminUser: null, nextRunAt: nextRunAfter(settings, now), windowStart: null };
}
