// The environment a test gives a child process it starts (the bot, the `papers` executable): a clean one, with
// the test's own clock passed on. Under `npm run test:clock` the test runner sees a faked time and time zone
// (libfaketime's variables and TZ); a child that lost them would live on the real clock, and a schedule the test
// derived from its own `now` would mean nothing to it.
const CLOCK_VARIABLES = ['TZ', 'LD_PRELOAD', 'FAKETIME', 'FAKETIME_SHARED', 'FAKETIME_DONT_FAKE_MONOTONIC', 'FAKETIME_NO_CACHE'];

/** `env` overrides what is inherited; a variable given as undefined is left out (to test its default). */
export function childEnv(env: Record<string, string | undefined> = {}): Record<string, string> {
  const inherited: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn' };
  for (const name of CLOCK_VARIABLES) {
    const value = process.env[name];
    if (value !== undefined) inherited[name] = value;
  }
  const merged: Record<string, string> = { ...inherited };
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete merged[name];
    else merged[name] = value;
  }
  return merged;
}
