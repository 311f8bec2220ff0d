import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseArxivFeed } from '../../src/sources/arxiv-feed.js';
import { UpstreamPayloadError } from '../../src/sources/source.js';
import { entryXml, errorFeedXml, feedXml, type ArxivEntry } from '../doubles/arxiv-atom.js';

const sampleXml = readFileSync(new URL('../fixtures/arxiv-sample.xml', import.meta.url), 'utf8');

const meta = (total: number) => ({ query: 'search_query=cat%3Acs.LG', totalResults: total, startIndex: 0, itemsPerPage: 10 });

const entry = (overrides: Partial<ArxivEntry> = {}): ArxivEntry => ({
  id: '2601.05555v1',
  title: 'A Perfectly Ordinary Paper',
  summary: 'Nothing unusual here.',
  authors: ['Ada Lovelace'],
  published: '2026-01-06T10:00:00Z',
  primaryCategory: 'cs.LG',
  categories: ['cs.LG'],
  ...overrides,
});

/** A feed in the older layout, built the way the double builds it. */
const feedOf = (...entries: ArxivEntry[]) => feedXml(meta(entries.length), entries.map(entryXml));

describe('parseArxivFeed on the sample file', () => {
  const page = parseArxivFeed(sampleXml);

  it('reads every entry and the opensearch counts', () => {
    expect(page.papers).toHaveLength(6);
    expect(page.skipped).toEqual([]);
    expect(page).toMatchObject({ totalResults: 1843, startIndex: 0, itemsPerPage: 6 });
  });

  it('normalises the first entry completely', () => {
    expect(page.papers[0]).toEqual({
      source: 'arxiv',
      id: '2601.03817',
      title: 'Sparse Mixture-of-Depths: Routing Tokens Around Layers for Efficient Long-Context Language Models',
      abstract: expect.stringMatching(/^Transformer language models spend .* by 6 points\.$/) as unknown,
      authors: ['Mei Tanaka', 'Jonas Albrecht', 'Priya Raman'],
      publishedAt: '2026-01-07T18:59:51.000Z',
      categories: ['cs.CL', 'cs.LG'],
    });
  });

  it('strips versions from ids', () => {
    expect(page.papers.map((p) => p.id)).toEqual(['2601.03817', '2601.03402', '2601.02951', '2601.02488', '2601.01907', '2601.01234']);
  });

  it('puts the primary category first even when arXiv lists it later', () => {
    expect(page.papers[1]?.categories).toEqual(['cs.LG', 'cs.CV', 'stat.ML']);
    expect(page.papers[2]?.categories).toEqual(['cs.AI']);
  });

  it('cleans line breaks out of titles and abstracts and decodes entities', () => {
    for (const paper of page.papers) {
      expect(paper.title).not.toMatch(/\s{2}|\n/);
      expect(paper.abstract).not.toMatch(/\s{2}|\n/);
    }
    expect(page.papers[1]?.abstract).toContain('model capacity & verify');
    expect(page.papers[1]?.abstract).toContain('capacity/data ratio < 0.1');
    expect(page.papers[1]?.authors).toEqual(['Aurélie Dubois', 'Samuel K. Osei']);
  });
});

describe('parseArxivFeed shapes', () => {
  it('handles a single entry with one author and one category', () => {
    const page = parseArxivFeed(feedOf(entry({ authors: [{ name: 'Solo Author', affiliation: 'MIT' }] })));
    expect(page.papers).toEqual([
      {
        source: 'arxiv',
        id: '2601.05555',
        title: 'A Perfectly Ordinary Paper',
        abstract: 'Nothing unusual here.',
        authors: ['Solo Author'],
        publishedAt: '2026-01-06T10:00:00.000Z',
        categories: ['cs.LG'],
      },
    ]);
    expect(page.totalResults).toBe(1);
  });

  it('handles zero entries', () => {
    const page = parseArxivFeed(feedXml(meta(0), []));
    expect(page).toEqual({ papers: [], skipped: [], totalResults: 0, startIndex: 0, itemsPerPage: 10 });
  });

  it('de-duplicates categories and keeps many authors in order', () => {
    const page = parseArxivFeed(
      feedOf(entry({ authors: ['A One', 'B Two', 'C Three'], primaryCategory: 'cs.CL', categories: ['cs.AI', 'cs.CL', 'cs.AI'] })),
    );
    expect(page.papers[0]?.categories).toEqual(['cs.CL', 'cs.AI']);
    expect(page.papers[0]?.authors).toEqual(['A One', 'B Two', 'C Three']);
  });

  it('collapses whitespace in titles, decodes HTML entities and converts offsets to UTC', () => {
    const xml = `<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <entry>
    <id>http://arxiv.org/abs/hep-th/9901001v4</id>
    <published>2026-01-06T13:46:39-04:00</published>
    <title>  Tabs\tand
   double  spaces &amp; caf&#233;&nbsp;talk  </title>
    <summary>x &lt; y</summary>
    <author><name>  Ana   Li </name></author>
    <author><name></name></author>
    <category term="hep-th"/>
  </entry>
</feed>`;
    const [paper] = parseArxivFeed(xml).papers;
    expect(paper).toMatchObject({
      id: 'hep-th/9901001',
      title: 'Tabs and double spaces & café talk',
      abstract: 'x < y',
      authors: ['Ana Li'],
      publishedAt: '2026-01-06T17:46:39.000Z',
      categories: ['hep-th'],
    });
  });

  it('reports missing opensearch counts as null', () => {
    const page = parseArxivFeed('<feed xmlns="http://www.w3.org/2005/Atom"></feed>');
    expect(page).toEqual({ papers: [], skipped: [], totalResults: null, startIndex: null, itemsPerPage: null });
  });
});

describe('parseArxivFeed with malformed entries', () => {
  it('skips each bad entry with a reason and keeps the good ones', () => {
    const page = parseArxivFeed(
      feedOf(
        entry({ id: undefined }),
        entry({ id: '2601.00001v1', title: '   ' }),
        entry({ id: '2601.00002v1', published: 'last Tuesday' }),
        entry({ id: '2613.00003v1' }),
        entry({ id: '2601.00004v1' }),
      ),
    );
    expect(page.papers.map((p) => p.id)).toEqual(['2601.00004']);
    expect(page.skipped).toHaveLength(4);
    expect(page.skipped[0]).toEqual({ ref: 'entry 1', reason: 'id: missing' });
    expect(page.skipped[1]).toEqual({ ref: 'http://arxiv.org/abs/2601.00001v1', reason: 'title: empty' });
    expect(page.skipped[2]).toEqual({ ref: 'http://arxiv.org/abs/2601.00002v1', reason: 'published: not an ISO date-time' });
    expect(page.skipped[3]?.ref).toBe('http://arxiv.org/abs/2613.00003v1');
    expect(page.skipped[3]?.reason).toMatch(/not an arXiv abs URL/);
  });

  it('skips an entry whose required fields have the wrong shape instead of throwing', () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom">
      <entry><id>http://arxiv.org/abs/2601.00005v1</id><title>One</title><title>Two</title><published>2026-01-06T10:00:00Z</published></entry>
      <entry><id>http://arxiv.org/abs/2601.00006v1</id><title>Fine</title><published>2026-01-06T10:00:00Z</published></entry>
    </feed>`;
    const page = parseArxivFeed(xml);
    expect(page.papers.map((p) => p.id)).toEqual(['2601.00006']);
    expect(page.skipped).toEqual([{ ref: 'http://arxiv.org/abs/2601.00005v1', reason: 'title: not text' }]);
  });

  it('keeps an entry whose optional parts are empty, dropping only those parts', () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom">
      <entry><id>http://arxiv.org/abs/2601.00007v1</id><title>Sparse</title><published>2026-01-06T10:00:00Z</published>
        <summary/><author/><author><name>Kept Name</name></author><category/><category term="cs.LG"/></entry>
    </feed>`;
    expect(parseArxivFeed(xml)).toMatchObject({
      papers: [{ id: '2601.00007', abstract: '', authors: ['Kept Name'], categories: ['cs.LG'] }],
      skipped: [],
    });
  });
});

describe('parseArxivFeed on payloads that are not data', () => {
  it("throws arXiv's Error entry as UpstreamPayloadError carrying its message", () => {
    const parse = () => parseArxivFeed(errorFeedXml('incorrect id format for 1234.12345'));
    expect(parse).toThrow(UpstreamPayloadError);
    expect(parse).toThrow('arXiv API error: incorrect id format for 1234.12345');
  });

  it.each([
    ['the throttle text', 'Rate exceeded.'],
    ['an HTML error page', '<html><body><h1>Bad Gateway</h1><br></body></html>'],
    ['an empty body', ''],
    ['a truncated feed', sampleXml.slice(0, 2000)],
  ])('throws UpstreamPayloadError for %s', (_label, body) => {
    expect(() => parseArxivFeed(body)).toThrow(/not XML/);
    expect(() => parseArxivFeed(body)).toThrow(UpstreamPayloadError);
  });

  it('throws UpstreamPayloadError for well-formed XML that is not a feed', () => {
    expect(() => parseArxivFeed('<?xml version="1.0"?><error><message>nope</message></error>')).toThrow(
      new UpstreamPayloadError('arXiv answered with XML that is not an Atom feed (root element: error)'),
    );
  });
});
