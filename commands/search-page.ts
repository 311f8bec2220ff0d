// A page asked for inside the typed query: `page:2`, `--page 2` (and `page=2`, `--page=2`, or `page 2` at the
// end), since the console and Slack read a search's whole text as its query. The token is taken out of the
// words searched; one inside a "quoted phrase" is left alone.

export type PageInQuery = { ok: true; query: string; page: number | null } | { ok: false; message: string };

const KEYED = /^(?:--)?page(?:[:=](.*))?$/i;

/** Whether the text before `index` leaves a quote open (an odd number of `"`): the token is inside a phrase. */
function insideQuotes(text: string, index: number): boolean {
  return (text.slice(0, index).match(/"/g)?.length ?? 0) % 2 === 1;
}

function notAPage(value: string): string {
  const shown = value === '' ? 'nothing' : `"${value.slice(0, 20)}"`;
  return `The page is a whole number from 1 (you gave ${shown}): page:2 shows the second page.`;
}

/** The query without its page token, and the page it named (null when none did). */
export function pageInQuery(text: string): PageInQuery {
  const tokens = [...text.matchAll(/\S+/g)].map((m) => ({ word: m[0], at: m.index }));
  const removed = new Set<number>();
  let page: number | null = null;
  for (let i = 0; i < tokens.length; i += 1) {
    const { word, at } = tokens[i] ?? { word: '', at: 0 };
    if (insideQuotes(text, at)) continue;
    const keyed = KEYED.exec(word);
    if (keyed === null) continue;
    const dashed = word.startsWith('--');
    const inline = keyed[1];
    const next = tokens[i + 1]?.word;
    // A bare "page" is a word unless a number ends the query after it: "page 2" at the end, never "page layout".
    const bare = !dashed && inline === undefined;
    if (bare && !(i === tokens.length - 2 && next !== undefined && /^\d+$/.test(next))) continue;
    // "page:" or "--page" takes the next word as its value.
    const value = inline !== undefined && inline !== '' ? inline : next;
    if (value === undefined) return { ok: false, message: notAPage('') };
    if (page !== null) return { ok: false, message: 'Give the page once (page:2).' };
    const number = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
    if (!Number.isInteger(number) || number < 1) return { ok: false, message: notAPage(value) };
    page = number;
    removed.add(i);
    if (inline === undefined || inline === '') {
      removed.add(i + 1);
      i += 1;
    }
  }
  if (page === null) return { ok: true, query: text, page: null };
  const query = tokens
    .filter((_, i) => !removed.has(i))
    .map((t) => t.word)
    .join(' ');
  return { ok: true, query, page };
}
