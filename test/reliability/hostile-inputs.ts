// Generated hostile input for the fuzzer: random unicode (astral planes, combining marks, lone surrogates), FTS5
// syntax, 6,000-character strings, NUL bytes, right-to-left marks, emoji, mentions in both platforms' syntax,
// Markdown and mrkdwn, option words in odd places, numbers out of range, arXiv ids and paper links good and bad.
// Seeded: the same seed, the same inputs.

const PIECES = [
  '@everyone',
  '@here',
  '<!channel>',
  '<!here|here>',
  '<!everyone>',
  '<@U0ADMIN>',
  '<@123456789012345678>',
  '<@&987654321>',
  '<#C0PAPERS>',
  '<https://evil.example|click me>',
  '[click](https://evil.example)',
  '**bold**',
  '__under__',
  '*b*',
  '_i_',
  '~s~',
  '`code`',
  '```block```',
  '> quote',
  '||spoiler||',
  '"',
  '""',
  '"unclosed',
  '*',
  'NEAR(a b, 3)',
  'AND',
  'OR',
  'NOT',
  '^start',
  'title:',
  'cat:cs.LG',
  'author:"',
  'org:',
  '(',
  ')',
  '-',
  '--',
  'me',
  'me:',
  'for: me',
  'time',
  'tz',
  'size',
  'days',
  'pause',
  'resume',
  'layout thread',
  'page 0',
  'limit -1',
  '99999999999999999999',
  '-5',
  '2.5',
  'NaN',
  '\u0000',
  '\u202Etxt.exe',
  '\u200F',
  '\u200B',
  '\uFEFF',
  '\uD800',
  '\uDC00',
  'e\u0301\u0301\u0301',
  '🧪',
  '👩‍👩‍👧‍👦',
  '🏳️‍🌈',
  '\u{1D54F}',
  '中文论文',
  'ｆｕｌｌｗｉｄｔｈ',
  'Ωμέγα',
  '\t',
  '\n',
  '\r\n',
  '   ',
  "'; DROP TABLE papers; --",
  '%s%n',
  '${process.env.SLACK_BOT_TOKEN}',
  '../../etc/passwd',
  'diffusion',
  'transformer',
  'rlhf',
  // What /papers similar reads as a paper: ids and links, well-formed, unknown, malformed or in disguise.
  '2110.02861',
  '2505.90014v3',
  '2501.99999',
  '9999.00001',
  'hep-th/9901001',
  'https://huggingface.co/papers/2505.90014',
  'https://arxiv.org/abs/2505.90014v2',
  'arxiv.org/pdf/2505.90014.pdf',
  'https://huggingface.co/papers/',
  'https://huggingface.co/papers/../../etc',
  'https://arxiv.org/abs/%00',
  'javascript:alert(1)',
  'to:',
  'papers:similar:2505.90014',
];

function randomCodePoint(next: () => number): string {
  const roll = next();
  if (roll < 0.5) return String.fromCodePoint(0x20 + Math.floor(next() * 0x5f));
  if (roll < 0.8) return String.fromCodePoint(0xa0 + Math.floor(next() * 0x2f00));
  if (roll < 0.95) return String.fromCodePoint(0x1f300 + Math.floor(next() * 0x300));
  return String.fromCharCode(Math.floor(next() * 0x10000));
}

/** One hostile text: a few pieces and random characters, sometimes blown up to 6,000 characters. */
export function hostileText(next: () => number): string {
  const parts: string[] = [];
  const count = 1 + Math.floor(next() * 6);
  for (let i = 0; i < count; i += 1) {
    if (next() < 0.6) parts.push(PIECES[Math.floor(next() * PIECES.length)] ?? '');
    else parts.push(Array.from({ length: 1 + Math.floor(next() * 12) }, () => randomCodePoint(next)).join(''));
  }
  let text = parts.join(next() < 0.8 ? ' ' : '');
  if (next() < 0.04) text = text.repeat(Math.ceil(6000 / Math.max(1, text.length))).slice(0, 6000);
  return text;
}
