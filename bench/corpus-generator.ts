// A deterministic stream of realistic PaperInput records for the store bench. A generator, so a 1M-paper corpus
// is produced batch by batch and never sits in memory at once; the same seed always yields the same corpus.
import type { PaperInput } from '../src/core/paper.js';
import { intBetween, pick, streamFor, type Rng } from './prng.js';
import { buildVocabulary, type Topic, type Vocabulary } from './vocabulary.js';
import { CATEGORIES, ORGANIZATIONS } from './word-lists.js';

export interface CorpusOptions {
  seed: number;
  /** Distinct papers; a tenth of them are emitted twice (arXiv, then Hugging Face), as real ingestion does. */
  papers: number;
}

/** Papers are spread evenly over this span, oldest first, so arXiv ids run 2301.00001 … 2611.NNNNN. */
export const CORPUS_START = '2023-01-01T00:00:00.000Z';
export const CORPUS_END = '2026-11-28T00:00:00.000Z';
/** The clock the bench imports and searches with, just after the newest paper. */
export const CORPUS_NOW = '2026-11-29T00:00:00.000Z';

const DAY_MS = 86_400_000;
const CONNECTORS = ['for', 'with', 'via', 'of', 'in', 'and', 'on', 'from', 'through', 'under'];
const TITLE_OPENERS = ['Towards', 'Learning', 'Rethinking', 'Scaling', 'Beyond', 'Unlocking', 'Benchmarking', 'Understanding'];

interface Doc {
  rng: Rng;
  vocab: Vocabulary;
  topics: Topic[];
}

function contentWord({ rng, vocab, topics }: Doc): string {
  // Topic words make the text bursty: a paper about a subject repeats its jargon, as real abstracts do.
  if (rng() < 0.15) {
    const topic = topics.length === 1 || rng() < 0.7 ? topics[0] : topics[1];
    if (topic !== undefined) return vocab.content[pick(rng, topic.words)] ?? 'model';
  }
  return vocab.content[vocab.contentSampler.sample(rng)] ?? 'model';
}

function number(rng: Rng): string {
  const r = rng();
  if (r < 0.4) return `${intBetween(rng, 1, 99)}.${intBetween(rng, 0, 9)}%`;
  if (r < 0.7) return `${pick(rng, [1, 3, 7, 8, 13, 14, 32, 70, 72, 405])}B`;
  return String(intBetween(rng, 2, 1000));
}

function sentence(doc: Doc, length: number): string[] {
  const { rng, vocab } = doc;
  const out: string[] = [];
  for (let i = 0; i < length; i += 1) {
    const r = rng();
    if (r < 0.42) out.push(vocab.functionWords[vocab.functionSampler.sample(rng)] ?? 'the');
    else if (r < 0.435) out.push(number(rng));
    else out.push(contentWord(doc));
  }
  const first = out[0] ?? '';
  out[0] = first.charAt(0).toUpperCase() + first.slice(1);
  if (length > 10 && rng() < 0.5) out[intBetween(rng, 3, length - 3)] += ',';
  out[out.length - 1] += '.';
  return out;
}

function docPhrases(doc: Doc): string[] {
  const { rng, vocab, topics } = doc;
  const phrases: string[] = [];
  for (const chance of [0.4, 0.3]) {
    if (phrases.length < (chance === 0.4 ? 1 : 2) && rng() < chance) {
      const topicPhrases = topics[0]?.phrases ?? [];
      phrases.push(
        rng() < 0.6 && topicPhrases.length > 0 ? pick(rng, topicPhrases) : (vocab.phrases[vocab.phraseSampler.sample(rng)] ?? ''),
      );
    }
  }
  return phrases.filter((p) => p !== '');
}

function abstractText(doc: Doc, phrases: readonly string[]): string {
  const { rng } = doc;
  const target = intBetween(rng, 150, 250);
  const sentences: string[][] = [];
  let words = 0;
  while (words < target) {
    const s = sentence(doc, Math.min(intBetween(rng, 12, 30), Math.max(6, target - words)));
    sentences.push(s);
    words += s.length;
  }
  // Each planted phrase appears once or twice, inside a sentence (not as a sentence of its own).
  for (const phrase of phrases) {
    const times = rng() < 0.5 ? 1 : 2;
    for (let k = 0; k < times; k += 1) {
      const s = pick(rng, sentences);
      s.splice(intBetween(rng, 1, Math.max(1, s.length - 1)), 0, phrase);
    }
  }
  return sentences.map((s) => s.join(' ')).join(' ');
}

const titleCase = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1);

function titleText(doc: Doc, phrases: readonly string[]): string {
  const { rng, vocab } = doc;
  const length = intBetween(rng, 8, 14);
  const words: string[] = [];
  // About a third of titles lead with a method name ("Zorvaknet: ..."), as ML titles love to.
  if (rng() < 0.3) words.push(`${titleCase(vocab.content[intBetween(rng, 2000, vocab.content.length - 1)] ?? 'X')}:`);
  else if (rng() < 0.2) words.push(pick(rng, TITLE_OPENERS));
  const phrase = phrases[0];
  const phraseAt = phrase !== undefined && rng() < 0.5 ? intBetween(rng, words.length, length - 3) : -1;
  while (words.length < length) {
    if (words.length === phraseAt && phrase !== undefined) {
      words.push(...phrase.split(' ').map(titleCase));
    } else if (words.length > 1 && words.length < length - 1 && rng() < 0.2) {
      words.push(pick(rng, CONNECTORS));
    } else {
      words.push(titleCase(contentWord(doc)));
    }
  }
  return words.join(' ');
}

function authors(rng: Rng, vocab: Vocabulary): string[] {
  // 2–12 authors, most papers 3–7.
  const count = 2 + Math.floor(10 * Math.pow(rng(), 1.8));
  const out: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const first = vocab.firstNames[vocab.firstNameSampler.sample(rng)] ?? 'Alex';
    const last = vocab.lastNames[vocab.lastNameSampler.sample(rng)] ?? 'Smith';
    const middle = rng() < 0.1 ? ` ${String.fromCharCode(65 + intBetween(rng, 0, 25))}.` : '';
    out.push(`${first}${middle} ${last}`);
  }
  return out;
}

/** P(upvotes ≥ k) ≈ (k+1)^-1.1: median 0, ~12% above 5, a few thousand papers per million in the hundreds. */
function upvotes(rng: Rng): number {
  return Math.min(1500, Math.floor(Math.pow(1 - rng(), -1 / 1.1)) - 1);
}

function categories(rng: Rng, primary: string): string[] {
  const out = [primary];
  const extra = rng() < 0.5 ? 0 : intBetween(rng, 1, 3);
  for (let i = 0; i < extra; i += 1) {
    const c = rng() < 0.7 ? pick(rng, CATEGORIES.slice(0, 5)) : pick(rng, CATEGORIES);
    if (!out.includes(c)) out.push(c);
  }
  return out;
}

function keywords(doc: Doc, phrases: readonly string[]): string[] {
  const { rng, vocab, topics } = doc;
  const out = new Set<string>(phrases);
  const count = intBetween(rng, 3, 8);
  const pool = topics[0]?.words ?? [];
  while (out.size < count) {
    const word = rng() < 0.6 ? (vocab.content[pick(rng, pool)] ?? 'model') : contentWord(doc);
    out.add(rng() < 0.3 ? `${word} ${contentWord(doc)}` : word);
  }
  return [...out];
}

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

interface PaperBasics {
  id: string;
  title: string;
  abstract: string;
  authors: string[];
  publishedAt: string;
  publishedMs: number;
}

function hfInput(doc: Doc, phrases: readonly string[], paper: PaperBasics, delayDays: number): PaperInput {
  const { rng, vocab } = doc;
  const { publishedMs, ...shared } = paper;
  const votes = upvotes(rng);
  const input: PaperInput = {
    source: 'hf',
    ...shared,
    dailyDate: isoDay(publishedMs + delayDays * DAY_MS),
    upvotes: votes,
    numComments: Math.floor(votes * rng() * 0.15) + (rng() < 0.2 ? 1 : 0),
    thumbnail: `https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/${paper.id}.png`,
  };
  const org = rng() < 0.2 ? ORGANIZATIONS[vocab.organizationSampler.sample(rng)] : undefined;
  if (org !== undefined) input.organization = { name: org.name, fullname: org.fullname };
  if (rng() < 0.5) {
    input.aiKeywords = keywords(doc, phrases);
    input.aiSummary = sentence(doc, intBetween(rng, 25, 40)).join(' ');
  }
  if (rng() < 0.25) {
    const owner = (vocab.lastNames[vocab.lastNameSampler.sample(rng)] ?? 'lab').toLowerCase();
    input.githubRepo = `https://github.com/${encodeURIComponent(owner)}/${vocab.content[intBetween(rng, 300, 59_999)] ?? 'repo'}`;
    input.githubStars = Math.min(50_000, Math.floor(3 * Math.pow(1 - rng(), -1 / 0.8)) - 3);
  }
  if (rng() < 0.1) input.projectPage = `https://${vocab.content[intBetween(rng, 300, 59_999)] ?? 'project'}.github.io/`;
  return input;
}

/**
 * Yields the corpus one PaperInput at a time: `papers` distinct papers, ~1.1 × papers inputs. 70% of papers
 * come from Hugging Face only, 20% from arXiv only; 10% first from arXiv and then, 1–3 days of papers later,
 * from Hugging Face (an update that rewrites the paper's search entry, as when both feeds are ingested).
 */
export function* generateCorpus(options: CorpusOptions): Generator<PaperInput> {
  const vocab = buildVocabulary(options.seed);
  const rng = streamFor(options.seed, 'papers');
  const start = Date.parse(CORPUS_START);
  const span = Date.parse(CORPUS_END) - start;
  const papersPerDay = options.papers / (span / DAY_MS);
  // Hugging Face records waiting for their day, keyed by the paper index they are due at (a few hundred at most).
  const delayed = new Map<number, PaperInput[]>();
  let month = '';
  let seq = 0;
  for (let i = 0; i < options.papers; i += 1) {
    yield* delayed.get(i) ?? [];
    delayed.delete(i);
    // Even spread over the span; ids count up within each month, so id order = publication order.
    const publishedMs = start + Math.floor((((i + 0.5) / options.papers) * span) / 1000) * 1000;
    const publishedAt = new Date(publishedMs).toISOString();
    const yymm = publishedAt.slice(2, 4) + publishedAt.slice(5, 7);
    if (yymm !== month) {
      month = yymm;
      seq = 0;
    }
    seq += 1;
    if (seq > 99_999) throw new Error(`More than 99,999 papers in month ${yymm}: corpus too large for new-style ids`);
    const id = `${yymm}.${String(seq).padStart(5, '0')}`;

    const topic = vocab.topics[vocab.topicSampler.sample(rng)];
    const second = rng() < 0.4 ? vocab.topics[vocab.topicSampler.sample(rng)] : undefined;
    const doc: Doc = { rng, vocab, topics: [topic, second].filter((t): t is Topic => t !== undefined) };
    const phrases = docPhrases(doc);
    const paper: PaperBasics = {
      id,
      title: titleText(doc, phrases),
      abstract: abstractText(doc, phrases),
      authors: authors(rng, vocab),
      publishedAt,
      publishedMs,
    };
    const kind = rng();
    const delayDays = intBetween(rng, 1, 3);
    if (kind < 0.7) {
      yield hfInput(doc, phrases, paper, delayDays);
      continue;
    }
    const { publishedMs: _ms, ...shared } = paper;
    yield { source: 'arxiv', ...shared, categories: categories(rng, topic?.category ?? 'cs.LG') };
    if (kind >= 0.9) {
      const due = i + Math.max(1, Math.round(delayDays * papersPerDay));
      delayed.set(due, [...(delayed.get(due) ?? []), hfInput(doc, phrases, paper, delayDays)]);
    }
  }
  for (const due of [...delayed.keys()].sort((a, b) => a - b)) yield* delayed.get(due) ?? [];
}
