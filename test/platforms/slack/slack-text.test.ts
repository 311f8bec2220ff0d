import { describe, expect, it } from 'vitest';
import { cutText, escapeMrkdwn, escapeReplyText, escapeSlackText, isWebUrl, slackLink } from '../../../src/platforms/slack/slack-text.js';

const ZWSP = '\u200B';
/** What Slack shows for escaped text, formatting aside: entities decoded, zero-width spaces invisible. */
const shown = (text: string) => text.replaceAll(ZWSP, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('escapeSlackText', () => {
  it('escapes &, < and > so that no mention, channel link or link can be written', () => {
    const hostile = '<!channel> <!here> <!everyone> <@U123> <#C1> <https://evil.example|click> <!date^1|x>';
    const escaped = escapeSlackText(hostile);
    expect(escaped).not.toMatch(/[<>]/);
    expect(escaped).toBe(
      '&lt;!channel&gt; &lt;!here&gt; &lt;!everyone&gt; &lt;@U123&gt; &lt;#C1&gt; &lt;https://evil.example|click&gt; &lt;!date^1|x&gt;',
    );
    expect(shown(escaped)).toBe(hostile);
  });

  it('escapes & first, so an upstream entity stays the characters it was', () => {
    expect(escapeSlackText('a &lt; b & c')).toBe('a &amp;lt; b &amp; c');
    expect(shown(escapeSlackText('a &lt; b & c'))).toBe('a &lt; b & c');
  });
});

describe('escapeReplyText', () => {
  it('keeps the channel links the bot writes, and escapes everything else', () => {
    expect(escapeReplyText('The papers digest of <#C123ABC> is paused & <#G0AB> too')).toBe(
      'The papers digest of <#C123ABC> is paused &amp; <#G0AB> too',
    );
    expect(escapeReplyText('<!channel> <@U123> <#C123|general> <#c123abc> <#C1> <#D123ABC> <https://x.example|y>')).toBe(
      '&lt;!channel&gt; &lt;@U123&gt; &lt;#C123|general&gt; &lt;#c123abc&gt; &lt;#C1&gt; &lt;#D123ABC&gt; &lt;https://x.example|y&gt;',
    );
  });

  it('escapes text around a link without losing or repeating any of it', () => {
    expect(escapeReplyText('<#C123>')).toBe('<#C123>');
    expect(escapeReplyText('x<#C123><#C456>y>')).toBe('x<#C123><#C456>y&gt;');
    expect(escapeReplyText('<<#C123>>')).toBe('&lt;<#C123>&gt;');
  });
});

describe('escapeMrkdwn', () => {
  it('makes every formatting marker inert with a zero-width space after it, the text shown as typed', () => {
    const title = '*bold* _it_ ~strike~ `code` ```block``` a*b';
    const escaped = escapeMrkdwn(title);
    expect(escaped).toBe(
      `*${ZWSP}bold*${ZWSP} _${ZWSP}it_${ZWSP} ~${ZWSP}strike~${ZWSP} \`${ZWSP}code\`${ZWSP} ` +
        `\`${ZWSP}\`${ZWSP}\`${ZWSP}block\`${ZWSP}\`${ZWSP}\`${ZWSP} a*${ZWSP}b`,
    );
    expect(escaped).not.toMatch(/[*_~`](?!\u200B)/);
    expect(shown(escaped)).toBe(title);
  });

  it('never touches the entities it writes, and escapes like escapeSlackText', () => {
    const escaped = escapeMrkdwn('R&D <@U1> *x*');
    expect(escaped).toBe(`R&amp;D &lt;@U1&gt; *${ZWSP}x*${ZWSP}`);
    expect(escaped).not.toContain('<');
  });

  it('keeps upstream text on one line, and a leading > from quoting it', () => {
    expect(escapeMrkdwn('> quoted\n> again')).toBe(`${ZWSP}&gt; quoted &gt; again`);
    expect(escapeMrkdwn('\n>x')).toBe(` ${ZWSP}&gt;x`);
    expect(escapeMrkdwn('a\n\n*b*')).not.toContain('\n');
  });
});

describe('isWebUrl and slackLink', () => {
  it('links an http(s) URL with the label escaped and its markers inert', () => {
    expect(slackLink('https://huggingface.co/papers/2601.01234', '1. <!here> *Fast* & Sparse')).toBe(
      `<https://huggingface.co/papers/2601.01234|1. &lt;!here&gt; *${ZWSP}Fast*${ZWSP} &amp; Sparse>`,
    );
    expect(slackLink('http://example.com/a?b=1&c=2', 'x')).toBe('<http://example.com/a?b=1&amp;c=2|x>');
  });

  it('gives the label alone for a URL that is not plain http(s)', () => {
    for (const url of [
      'javascript:alert(1)',
      'ftp://example.com/x',
      'https://evil.example|Trusted',
      'https://a.example/<x>',
      'https://a.example/x y',
      'https://a.example/x\ny',
      '',
      'https://',
    ]) {
      expect(isWebUrl(url)).toBe(false);
      expect(slackLink(url, 'Paper <b>')).toBe('Paper &lt;b&gt;');
    }
  });

  it('tells https from http when asked', () => {
    expect(isWebUrl('http://example.com/x.png')).toBe(true);
    expect(isWebUrl('http://example.com/x.png', { httpsOnly: true })).toBe(false);
    expect(isWebUrl('HTTPS://example.com/x.png', { httpsOnly: true })).toBe(true);
  });

  it('cuts the label to its budget', () => {
    const link = slackLink('https://example.com', 'x'.repeat(500), 100);
    expect(link).toBe(`<https://example.com|${'x'.repeat(99)}…>`);
  });
});

describe('cutText', () => {
  it('keeps text within the limit, and marks a cut with …', () => {
    expect(cutText('short', 5)).toBe('short');
    expect(cutText('a longer text', 8)).toBe('a longe…');
    expect(cutText('a longer text', 8)).toHaveLength(8);
    expect(cutText('abc', 0)).toBe('');
  });

  it('never splits an entity, a marker from its zero-width space, or a surrogate pair, at any limit', () => {
    const text = escapeMrkdwn('a&b<c>*d*📄e_f😀g~h`i & < > ok');
    const partialEntity = /&(?!amp;|lt;|gt;)/;
    const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    const bareMarker = /[*_~`](?!\u200B)/;
    for (let max = 1; max <= text.length + 1; max += 1) {
      const cut = cutText(text, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      const kept = cut.endsWith('…') ? cut.slice(0, -1) : cut;
      expect(kept).not.toMatch(partialEntity);
      expect(kept).not.toMatch(loneSurrogate);
      expect(kept).not.toMatch(bareMarker);
      expect(text.startsWith(kept.trimEnd())).toBe(true);
    }
  });
});
