// Topics a channel or a person follows. A topic is a saved search in the search query language; new papers
// matching it appear in the target's digest.
import type { Store } from '../store/database.js';
import { countMatchesUpTo } from '../store/search-index.js';
import {
  addSubscription,
  countSubscriptions,
  listSubscriptions,
  removeSubscription,
  type Subscription,
} from '../store/subscriptions-repository.js';
import { ensureTarget, findTarget } from '../store/targets-repository.js';
import { QueryError } from '../core/search/query-parser.js';
import { topicExpression } from './search/topic-expression.js';
import { type TargetAddress } from '../core/targets/target.js';

/** Enough for a team's interests; beyond it a digest stops being readable. */
export const MAX_TOPICS_PER_TARGET = 25;
export const MAX_TOPIC_LENGTH = 200;

/** A topic inside a sentence; one that has its own quotes ("video generation") is not wrapped in more. */
export function quoted(topic: string): string {
  return topic.includes('"') ? topic : `"${topic}"`;
}

/** Two spellings of one topic ("RLHF", " rlhf ") are the same subscription. */
export function topicKey(topic: string): string {
  return topic.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

function owner(address: TargetAddress): { subject: string; possessive: string } {
  return address.kind === 'user' ? { subject: 'You', possessive: 'your' } : { subject: 'This channel', possessive: "this channel's" };
}

const CONTROL_CHARACTER = /\p{Cc}/u;

export interface SubscribeResult {
  added: boolean;
  /** added; duplicate (already followed); invalid (not a usable topic); full (at the cap). */
  outcome: 'added' | 'duplicate' | 'invalid' | 'full';
  message: string;
}

export async function subscribe(
  store: Store,
  request: { address: TargetAddress; topic: string; by: string | null; now: Date },
): Promise<SubscribeResult> {
  const topic = request.topic.replace(/\s+/g, ' ').trim();
  const who = owner(request.address);
  if (topic === '')
    return { added: false, outcome: 'invalid', message: 'Name a topic to follow, for example: /papers subscribe "diffusion models"' };
  if (topic.length > MAX_TOPIC_LENGTH)
    return { added: false, outcome: 'invalid', message: `A topic is at most ${MAX_TOPIC_LENGTH} characters.` };
  // Stored as typed, so refused rather than cleaned: PostgreSQL's text cannot hold a NUL byte at all, and no topic
  // needs a control character (line breaks and tabs are spaces by now).
  if (CONTROL_CHARACTER.test(topic)) return { added: false, outcome: 'invalid', message: 'A topic cannot contain control characters.' };
  let expression: string;
  try {
    expression = (await topicExpression(store, topic)).expression;
  } catch (error) {
    if (error instanceof QueryError) return { added: false, outcome: 'invalid', message: error.message };
    throw error;
  }
  const duplicate: SubscribeResult = {
    added: false,
    outcome: 'duplicate',
    message: `${who.subject} already follow${who.subject === 'You' ? '' : 's'} ${quoted(topic)}.`,
  };
  const existing = await findTarget(store, request.address);
  if (existing !== null && (await countSubscriptions(store, existing.id)) >= MAX_TOPICS_PER_TARGET) {
    // At the cap, a topic already followed is still answered as a duplicate, not with "remove one first".
    const key = topicKey(topic);
    if ((await listSubscriptions(store, existing.id)).some((s) => topicKey(s.query) === key)) return duplicate;
    return {
      added: false,
      outcome: 'full',
      message: `${who.subject} already follow${who.subject === 'You' ? '' : 's'} ${MAX_TOPICS_PER_TARGET} topics, the most allowed. Remove one first with /papers unsubscribe.`,
    };
  }
  const target = existing ?? (await ensureTarget(store, request.address, request.now, request.by));
  const added = await addSubscription(store, {
    targetId: target.id,
    query: topic,
    queryKey: topicKey(topic),
    createdBy: request.by,
    now: request.now,
  });
  if (!added) return duplicate;
  const place = request.address.kind === 'user' ? 'your direct messages' : "this channel's digest";
  const matchesToday = (await countMatchesUpTo(store, expression, 1)) > 0;
  const note = matchesToday
    ? `New papers matching it will appear in ${place}.`
    : `Nothing in the store matches it yet; new papers that do will appear in ${place}.`;
  return {
    added: true,
    outcome: 'added',
    message: `Subscribed ${who.subject === 'You' ? 'you' : 'this channel'} to ${quoted(topic)}. ${note}`,
  };
}

export async function unsubscribe(
  store: Store,
  request: { address: TargetAddress; topic: string },
): Promise<{ removed: boolean; message: string }> {
  const topic = request.topic.replace(/\s+/g, ' ').trim();
  const who = owner(request.address);
  const target = await findTarget(store, request.address);
  const removed = target !== null && (await removeSubscription(store, target.id, topicKey(topic)));
  if (removed) return { removed, message: `Unsubscribed ${who.subject === 'You' ? 'you' : 'this channel'} from ${quoted(topic)}.` };
  const topics = target === null ? [] : await listSubscriptions(store, target.id);
  const list =
    topics.length === 0
      ? `${who.subject} follow${who.subject === 'You' ? '' : 's'} no topics.`
      : `${who.subject === 'You' ? 'Your' : "This channel's"} topics: ${topics.map((t) => quoted(t.query)).join(', ')}.`;
  return { removed, message: `${who.subject} do${who.subject === 'You' ? '' : 'es'} not follow ${quoted(topic)}. ${list}` };
}

export async function topicsOf(store: Store, address: TargetAddress): Promise<Subscription[]> {
  const target = await findTarget(store, address);
  return target === null ? [] : listSubscriptions(store, target.id);
}
