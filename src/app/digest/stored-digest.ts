// A claimed digest is stored as its papers' ids; this turns it back into a Digest for sending (or re-sending
// after a crash), with the papers' current upvotes and stars.
import type { Store } from '../../store/database.js';
import type { Delivery, DeliveryContent } from '../../store/deliveries-repository.js';
import { findPapersByIds } from '../../store/papers-repository.js';
import type { BuiltDigest, Digest } from '../../core/digest/digest.js';
import { digestItem } from '../../core/digest/digest-item.js';
import { trendingDaysBetween } from '../../core/digest/digest-window.js';

export function deliveryContent(built: BuiltDigest): DeliveryContent {
  return {
    trending: built.digest.trending.map((item) => item.id),
    topics: built.digest.topics.map((t) => ({ topic: t.topic, ids: t.items.map((item) => item.id), more: t.more })),
    labels: Object.fromEntries(
      [...built.digest.trending, ...built.digest.topics.flatMap((t) => t.items)]
        .filter((i) => i.topics.length > 0)
        .map((i) => [i.id, i.topics]),
    ),
    // Why a section is empty, so a digest sent (or re-sent after a crash) says it as the preview did.
    ...(built.digest.context === undefined ? {} : { context: built.digest.context }),
  };
}

export async function storedDigest(store: Store, delivery: Delivery): Promise<Digest> {
  const { content } = delivery;
  const papers = await findPapersByIds(store, [...content.trending, ...content.topics.flatMap((t) => t.ids)]);
  // A paper is never deleted from the store, but a missing one is left out rather than failing the digest.
  // Each paper's topics, as labelled when the digest was claimed.
  const topicsOf = new Map<string, string[]>();
  for (const t of content.topics) for (const id of t.ids) topicsOf.set(id, [...(topicsOf.get(id) ?? []), t.topic]);
  for (const [id, topics] of Object.entries(content.labels ?? {})) topicsOf.set(id, topics);
  const items = (ids: readonly string[]) =>
    ids.flatMap((id) => {
      const paper = papers.get(id);
      return paper === undefined ? [] : [digestItem(paper, topicsOf.get(id) ?? [])];
    });
  const trending = items(content.trending);
  const topics = content.topics.map((t) => ({ topic: t.topic, items: items(t.ids), more: t.more }));
  return {
    date: delivery.digestDate,
    window: {
      start: delivery.windowStart.toISOString(),
      end: delivery.windowEnd.toISOString(),
      trendingDays: trendingDaysBetween(delivery.windowStart, delivery.windowEnd),
    },
    trending,
    topics,
    empty: trending.length === 0 && topics.every((t) => t.items.length === 0),
    ...(content.context === undefined ? {} : { context: content.context }),
  };
}
