// Text for Slack: escaped so that upstream words (paper titles, authors, summaries, topics) are shown as typed and
// can never mention anyone, link anywhere, or reformat the message around them. Pure.

/**
 * Slack's three control characters as the entities Slack decodes for display. `<` starts every special form
 * (`<!channel>`, `<@U123>`, `<#C1>`, `<https://…|label>`, `<!date…>`), so with it escaped none can be written;
 * `&` goes first, so an upstream `&lt;` stays the four characters it was.
 */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A channel link exactly as the bot writes one (`<#C123ABC>`): no label, no other special form. */
const OWN_CHANNEL_LINK = /<#[CG][A-Z0-9]{2,30}>/g;

/**
 * A reply of ours escaped, but for the channel links it names ("the papers digest of <#C123> is paused"), which
 * stay links. Anything else in angle brackets, a labelled channel link included, is escaped.
 */
export function escapeReplyText(text: string): string {
  let escaped = '';
  let from = 0;
  for (const match of text.matchAll(OWN_CHANNEL_LINK)) {
    escaped += escapeSlackText(text.slice(from, match.index)) + match[0];
    from = match.index + match[0].length;
  }
  return escaped + escapeSlackText(text.slice(from));
}

const ZERO_WIDTH_SPACE = '\u200B';

/**
 * Upstream text for a mrkdwn field: escaped, on one line, and with its formatting markers made inert.
 *
 * Slack has no backslash escape for `*bold*`, `_italic_`, `~strike~` or `` `code` ``, so a zero-width space goes
 * right after every marker character (the usual workaround; Slack documents none). Slack opens a span only at a
 * marker followed by a non-space character, and closes one only at a marker followed by a word boundary: if Slack
 * takes U+200B for a space no upstream marker can open a span, if it takes it for a letter none can close one.
 * Chosen over look-alike characters (U+2217 for `*`…) because the characters stay the ones typed: copying a title
 * copies what arXiv has. None of the markers is part of an entity, so `&amp;` and the like are never split. A `>`
 * leading a line would quote it: the text is made one line, so only its start can be one, and a zero-width space
 * goes before it there. Emoji shortcodes (`:x:`) are left alone: harmless.
 */
export function escapeMrkdwn(text: string): string {
  return escapeSlackText(text.replace(/\s+/g, ' '))
    .replace(/[*_~`]/g, `$&${ZERO_WIDTH_SPACE}`)
    .replace(/^( ?)&gt;/, `$1${ZERO_WIDTH_SPACE}&gt;`);
}

/**
 * An http(s) URL Slack can carry as it is: parseable, and without whitespace or the characters that would end a
 * `<url|label>` link early (`|` would let the rest of the URL pose as the label).
 */
export function isWebUrl(url: string, options: { httpsOnly?: boolean } = {}): boolean {
  const scheme = options.httpsOnly === true ? /^https:\/\//i : /^https?:\/\//i;
  return scheme.test(url) && !/[\s|<>]/.test(url) && URL.canParse(url);
}

/**
 * A mrkdwn link `<url|label>`, the label escaped (markers made inert, see escapeMrkdwn) and cut to `labelMax`. A URL
 * that is not a plain http(s) one gives the label alone: no link beats a link that goes somewhere unexpected.
 */
export function slackLink(url: string, label: string, labelMax = Infinity): string {
  const text = cutText(escapeMrkdwn(label), labelMax);
  // Inside the link, `&` is written as an entity like everywhere else in mrkdwn; Slack decodes it back.
  return isWebUrl(url) ? `<${url.replace(/&/g, '&amp;')}|${text}>` : text;
}

/**
 * The pieces text is cut between, never within: an entity escapeSlackText wrote, a marker with the zero-width space
 * escapeMrkdwn put after it, a surrogate pair (half an emoji is not text), and otherwise one UTF-16 unit.
 */
const UNIT = /&(?:amp|lt|gt);|[*_~`]\u200B|[\uD800-\uDBFF][\uDC00-\uDFFF]|[\s\S]/g;

/** Text cut to at most `max` characters (UTF-16 units, as Slack's limits count them), marked with `…` when cut. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 1) return '';
  let kept = '';
  for (const [unit] of text.matchAll(UNIT)) {
    if (kept.length + unit.length > max - 1) break;
    kept += unit;
  }
  return `${kept.trimEnd()}…`;
}
