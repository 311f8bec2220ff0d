// Builds Atom XML the way the arXiv export API writes it, for the arXiv double and for tests.
// Layout copied from real responses: opensearch counts on the feed, xmlns:arxiv on each arxiv element,
// titles and abstracts hard-wrapped with line breaks.

export interface ArxivAuthor {
  name: string;
  affiliation?: string;
}

export interface ArxivEntry {
  /** With version, e.g. "2601.01234v2". Undefined leaves out <id> (a malformed entry). */
  id?: string;
  title: string;
  summary: string;
  authors: (string | ArxivAuthor)[];
  /** ISO date-time, e.g. "2026-01-06T18:59:59Z". */
  published: string;
  updated?: string;
  primaryCategory: string;
  /** All categories; the primary is listed again here, as arXiv does. */
  categories: string[];
  comment?: string;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** arXiv hard-wraps titles and abstracts near 80 columns, continuing with two spaces of indent. */
export function wrapLikeArxiv(text: string, width = 72): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines.join('\n  ');
}

const ARXIV_NS = 'xmlns:arxiv="http://arxiv.org/schemas/atom"';
const OPENSEARCH_NS = 'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"';

export function entryXml(entry: ArxivEntry): string {
  const absUrl = entry.id === undefined ? undefined : `http://arxiv.org/abs/${entry.id}`;
  const authors = entry.authors.map((a) => {
    const author = typeof a === 'string' ? { name: a } : a;
    const affiliation =
      author.affiliation === undefined ? '' : `\n      <arxiv:affiliation ${ARXIV_NS}>${escapeXml(author.affiliation)}</arxiv:affiliation>`;
    return `    <author>\n      <name>${escapeXml(author.name)}</name>${affiliation}\n    </author>`;
  });
  const lines = [
    '  <entry>',
    absUrl === undefined ? '' : `    <id>${absUrl}</id>`,
    `    <updated>${entry.updated ?? entry.published}</updated>`,
    `    <published>${entry.published}</published>`,
    `    <title>${escapeXml(wrapLikeArxiv(entry.title))}</title>`,
    `    <summary>  ${escapeXml(wrapLikeArxiv(entry.summary, 78))}\n</summary>`,
    ...authors,
    entry.comment === undefined ? '' : `    <arxiv:comment ${ARXIV_NS}>${escapeXml(entry.comment)}</arxiv:comment>`,
    absUrl === undefined ? '' : `    <link href="${absUrl}" rel="alternate" type="text/html"/>`,
    absUrl === undefined ? '' : `    <link title="pdf" href="${absUrl.replace('/abs/', '/pdf/')}" rel="related" type="application/pdf"/>`,
    `    <arxiv:primary_category ${ARXIV_NS} term="${escapeXml(entry.primaryCategory)}" scheme="http://arxiv.org/schemas/atom"/>`,
    ...entry.categories.map((c) => `    <category term="${escapeXml(c)}" scheme="http://arxiv.org/schemas/atom"/>`),
    '  </entry>',
  ];
  return lines.filter((l) => l !== '').join('\n');
}

export interface FeedMeta {
  /** The request's query string, echoed in the feed's self link and title like arXiv does. */
  query: string;
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
}

export function feedXml(meta: FeedMeta, entriesXml: string[]): string {
  const self = escapeXml(`http://arxiv.org/api/query?${meta.query}`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <link href="${self}" rel="self" type="application/atom+xml"/>`,
    `  <title type="html">ArXiv Query: ${escapeXml(meta.query)}</title>`,
    '  <id>http://arxiv.org/api/cHxbiOdZaP56ODnBPIenZhzg5f8</id>',
    '  <updated>2026-01-08T00:00:00-05:00</updated>',
    `  <opensearch:totalResults ${OPENSEARCH_NS}>${meta.totalResults}</opensearch:totalResults>`,
    `  <opensearch:startIndex ${OPENSEARCH_NS}>${meta.startIndex}</opensearch:startIndex>`,
    `  <opensearch:itemsPerPage ${OPENSEARCH_NS}>${meta.itemsPerPage}</opensearch:itemsPerPage>`,
    ...entriesXml,
    '</feed>',
    '',
  ].join('\n');
}

/** The feed arXiv sends with HTTP 200 for a query it cannot run. */
export function errorFeedXml(message: string): string {
  const anchor = `http://arxiv.org/api/errors#${message.replace(/\W+/g, '_')}`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" ${OPENSEARCH_NS}>`,
    '  <link href="http://arxiv.org/api/query?search_query=&amp;id_list=&amp;start=0&amp;max_results=10" rel="self" type="application/atom+xml"/>',
    '  <title type="html">ArXiv Query: search_query=&amp;id_list=&amp;start=0&amp;max_results=10</title>',
    '  <id>http://arxiv.org/api/kvuntZ8c9a4Eq5CF7KY03nMug+Q</id>',
    '  <updated>2026-01-08T00:00:00-05:00</updated>',
    '  <opensearch:totalResults>1</opensearch:totalResults>',
    '  <opensearch:startIndex>0</opensearch:startIndex>',
    '  <opensearch:itemsPerPage>1</opensearch:itemsPerPage>',
    '  <entry>',
    `    <id>${anchor}</id>`,
    '    <title>Error</title>',
    `    <summary>${escapeXml(message)}</summary>`,
    '    <updated>2026-01-08T00:00:00-05:00</updated>',
    `    <link href="${anchor}" rel="alternate" type="text/html"/>`,
    '    <author>',
    '      <name>arXiv api core</name>',
    '    </author>',
    '  </entry>',
    '</feed>',
    '',
  ].join('\n');
}
