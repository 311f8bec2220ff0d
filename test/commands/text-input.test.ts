import { describe, expect, it } from 'vitest';
import { splitCommandLine } from '../../commands/dispatch.js';
import { searchCommand } from '../../commands/search.js';
import { settingsCommand } from '../../commands/settings.js';
import { subscribeCommand } from '../../commands/subscribe.js';
import { parseTextOptions } from '../../commands/text-input.js';

const settings = (text: string) => parseTextOptions(text, settingsCommand.options);
const subscribe = (text: string) => parseTextOptions(text, subscribeCommand.options);
const search = (text: string) => parseTextOptions(text, searchCommand.options);

describe('parseTextOptions with the settings options', () => {
  it.each([
    ['time 08:30 tz Europe/Berlin', { time: '08:30', timezone: 'Europe/Berlin' }],
    ['time:08:30', { time: '08:30' }],
    ['time=08:30', { time: '08:30' }],
    ['timezone America/New_York', { timezone: 'America/New_York' }],
    ['zone utc', { timezone: 'utc' }],
    ['tz: Asia/Tokyo', { timezone: 'Asia/Tokyo' }],
    ['min-upvotes 5', { min_upvotes: '5' }],
    ['min_upvotes 5', { min_upvotes: '5' }],
    ['upvotes=7', { min_upvotes: '7' }],
    ['min-upvotes:5', { min_upvotes: '5' }],
    ['empty-days silent', { empty_days: 'silent' }],
    ['empty note', { empty_days: 'note' }],
    ['days mon,wed,fri size 5', { days: 'mon,wed,fri', size: '5' }],
    ['pause', { digest: 'paused' }],
    ['resume', { digest: 'on' }],
    ['off', { digest: 'paused' }],
    ['digest paused', { digest: 'paused' }],
    ['me pause', { for: 'me', digest: 'paused' }],
    ['me: time 07:00', { for: 'me', time: '07:00' }],
    ['TIME 08:30 TZ Europe/Berlin', { time: '08:30', timezone: 'Europe/Berlin' }],
    ['  time   08:30   size 0  ', { time: '08:30', size: '0' }],
    ['', {}],
  ])('%j -> %j', (text, values) => {
    expect(settings(text)).toEqual({ ok: true, values });
  });

  it('takes values as typed: checking them is the schema’s job', () => {
    expect(settings('size lots')).toEqual({ ok: true, values: { size: 'lots' } });
    expect(settings('time 8am')).toEqual({ ok: true, values: { time: '8am' } });
  });

  it('refuses an unknown key, naming the keys and words it accepts', () => {
    const result = settings('colour blue');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toBe(
      '"colour" is not something this command understands. It accepts: time, timezone, days, size, min-upvotes, empty-days, layout, digest, pause, resume, on, off, me.',
    );
  });

  it('refuses an unknown word after valid options', () => {
    const result = settings('time 08:30 please');
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) expect(result.message).toMatch(/^"please" is not something this command understands\. It accepts: time, timezone/);
  });

  it.each([
    ['time', 'time'],
    ['tz', 'timezone'],
    ['time:', 'time'],
    ['time 08:30 size', 'size'],
    ['min-upvotes', 'min_upvotes'],
  ])('refuses %j: a key with no value', (text, name) => {
    expect(settings(text)).toEqual({ ok: false, message: `"${name}" needs a value.` });
  });
});

describe('parseTextOptions with the subscribe options', () => {
  it.each([
    ['me: mamba -vision', { for: 'me', topic: 'mamba -vision' }],
    ['me mamba -vision', { for: 'me', topic: 'mamba -vision' }],
    ['rlhf', { topic: 'rlhf' }],
    ['cat:cs.CL "speech recognition"', { topic: 'cat:cs.CL "speech recognition"' }],
    // Settings keys mean nothing here: they are the topic.
    ['time series forecasting', { topic: 'time series forecasting' }],
    ['pause detection', { topic: 'pause detection' }],
    // Only a leading "me" picks the scope; later it is part of the topic.
    ['mamba me', { topic: 'mamba me' }],
  ])('%j -> %j', (text, values) => {
    expect(subscribe(text)).toEqual({ ok: true, values });
  });

  it('a bare "me" sets the scope and leaves no topic (the schema then asks for one)', () => {
    expect(subscribe('me')).toEqual({ ok: true, values: { for: 'me' } });
  });
});

describe('parseTextOptions with the search options', () => {
  it('keeps the rest of the line as typed, quotes and spacing included', () => {
    expect(search('diffusion "video generation"')).toEqual({ ok: true, values: { query: 'diffusion "video generation"' } });
    expect(search('  diffusion   "video  generation"  ')).toEqual({ ok: true, values: { query: 'diffusion   "video  generation"' } });
    expect(search('author:hinton -cat:cs.CV since:2026-01-01')).toEqual({
      ok: true,
      values: { query: 'author:hinton -cat:cs.CV since:2026-01-01' },
    });
  });

  it.each(['time series', 'size:large models', 'limit 5 transformers', 'me too', 'pause detection', 'tz: nothing'])(
    'a query starting with a word that is an option elsewhere (%j) is all query',
    (text) => {
      expect(search(text)).toEqual({ ok: true, values: { query: text } });
    },
  );
});

describe('splitCommandLine', () => {
  it.each([
    ['/papers subscribe me rlhf', { name: 'subscribe', text: 'me rlhf' }],
    ['subscribe me rlhf', { name: 'subscribe', text: 'me rlhf' }],
    ['papers subscribe me rlhf', { name: 'subscribe', text: 'me rlhf' }],
    ['/subscribe rlhf', { name: 'subscribe', text: 'rlhf' }],
    ['/PAPERS help', { name: 'help', text: '' }],
    ['  /papers   settings   time 08:30  ', { name: 'settings', text: 'time 08:30' }],
    ['/papers search diffusion  "video generation"', { name: 'search', text: 'diffusion  "video generation"' }],
    ['search a\nb', { name: 'search', text: 'a\nb' }],
    ['/papers', { name: '', text: '' }],
    ['papers', { name: '', text: '' }],
    ['', { name: '', text: '' }],
    ['   ', { name: '', text: '' }],
    // "papers" only counts as the prefix when it is a word of its own.
    ['papersearch x', { name: 'papersearch', text: 'x' }],
  ])('%j -> %j', (line, split) => {
    expect(splitCommandLine(line)).toEqual(split);
  });
});
