// arXiv identifiers: papers are keyed by the id without its version ("2601.01234v2" -> "2601.01234").

/** An arXiv category name as arXiv writes it: "cs.LG", "stat.ML", "hep-th", "physics.comp-ph". */
export const ARXIV_CATEGORY = /^[a-z-]+(?:\.[A-Za-z-]+)?$/;

const NEW_STYLE = /^(\d{2})(\d{2})\.(\d{4,5})(?:v(\d+))?$/;
const OLD_STYLE = /^([a-z-]+(?:\.[A-Za-z-]{2,})?)\/(\d{2})(\d{2})(\d{3})(?:v(\d+))?$/;

export interface ArxivId {
  /** Id without version, the paper's key. */
  id: string;
  version: number | null;
}

/**
 * Accepts a bare id ("2601.01234v2", "hep-th/9901001") or an arXiv URL ("http://arxiv.org/abs/2601.01234v2").
 * Returns null for anything else.
 */
export function parseArxivId(raw: string): ArxivId | null {
  const trimmed = raw
    .trim()
    .replace(/^https?:\/\/(?:export\.)?arxiv\.org\/(?:abs|pdf)\//i, '')
    .replace(/\.pdf$/i, '');
  const newStyle = NEW_STYLE.exec(trimmed);
  if (newStyle) {
    const [, yy, mm, num, version] = newStyle;
    const month = Number(mm);
    if (month < 1 || month > 12) return null;
    return { id: `${yy}${mm}.${num}`, version: version === undefined ? null : Number(version) };
  }
  const oldStyle = OLD_STYLE.exec(trimmed);
  if (oldStyle) {
    const [, archive, yy, mm, num, version] = oldStyle;
    const month = Number(mm);
    if (month < 1 || month > 12) return null;
    return { id: `${archive}/${yy}${mm}${num}`, version: version === undefined ? null : Number(version) };
  }
  return null;
}

/**
 * The paper's integer key, ordered like arXiv submission order: (yyyymm * 100000 + number). It is the search
 * index rowid, so "newest matches first" is a cheap reverse scan of the index. Old-style ids (before April 2007)
 * have 3-digit numbers per archive; they land in the upper half of their month's range, spread by archive.
 * Two old-style archives may hash to the same slot; the repository probes for a free key when that happens.
 */
export function docIdForArxivId(id: string): number {
  const newStyle = NEW_STYLE.exec(id);
  if (newStyle) {
    const [, yy, mm, num] = newStyle;
    return (2000 + Number(yy)) * 100 * 100_000 + Number(mm) * 100_000 + Number(num);
  }
  const oldStyle = OLD_STYLE.exec(id);
  if (oldStyle) {
    const [, archive = '', yy, mm, num] = oldStyle;
    const year = Number(yy) >= 91 ? 1900 + Number(yy) : 2000 + Number(yy);
    let hash = 0;
    for (const ch of archive) hash = (hash * 31 + ch.charCodeAt(0)) % 49;
    return year * 100 * 100_000 + Number(mm) * 100_000 + 50_000 + hash * 1000 + Number(num);
  }
  throw new Error(`Not an arXiv id: ${id}`);
}

/** Lowest doc id of papers submitted in the month of the given date, for "since" filters. */
export function docIdLowerBoundForDate(isoDate: string): number {
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  return year * 100 * 100_000 + month * 100_000;
}
