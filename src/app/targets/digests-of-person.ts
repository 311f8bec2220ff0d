// What one person's overview shows (Slack's Home tab): their own digest and the channel digests they set up,
// each with its topics.
import type { Target } from '../../core/targets/target.js';
import type { Store } from '../../store/database.js';
import { listSubscriptions } from '../../store/subscriptions-repository.js';
import { channelsConfiguredBy, findTarget } from '../../store/targets-repository.js';

export interface DigestWithTopics {
  target: Target;
  topics: string[];
}

export interface DigestsOfPerson {
  /** Their own digest (to their direct messages); null when they have none. */
  own: DigestWithTopics | null;
  /** The channel digests they configured, at most `channelLimit`. */
  channels: DigestWithTopics[];
}

export async function digestsOfPerson(
  store: Store,
  platform: string,
  workspace: string,
  user: string,
  channelLimit?: number,
): Promise<DigestsOfPerson> {
  const withTopics = async (target: Target): Promise<DigestWithTopics> => ({
    target,
    topics: (await listSubscriptions(store, target.id)).map((s) => s.query),
  });
  const own = await findTarget(store, { platform, workspace, kind: 'user', address: user });
  const channels = await channelsConfiguredBy(store, platform, workspace, user, channelLimit);
  return { own: own === null ? null : await withTopics(own), channels: await Promise.all(channels.map(withTopics)) };
}
