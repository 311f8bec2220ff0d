// The Daily Papers sample the bot loads on a first start without network (src/main.ts): 53 real papers, a copy of
// test/fixtures/hf-daily-papers-seed.json. Tests about the first start, importing and parsing use it.
export const BUNDLED_SAMPLE = new URL('../../assets/hf-daily-papers-sample.json', import.meta.url).pathname;
