import { openAppContext } from '../app-context.js';
import { isIsoDay } from '../core/days.js';
import { digestText } from '../core/digest/digest-text.js';
import { previewDigest } from '../app/digest/preview-digest.js';
import { targetOrDefault } from '../app/targets/target-or-default.js';
import { EXIT_OK, UsageError, type CliCommand } from './cli-command.js';
import { parseOptions } from './parse-options.js';
import { parseTargetSpec, TARGET_SPEC_HELP } from './target-spec.js';

export const digestCommand: CliCommand = {
  name: 'digest',
  usage: 'papers digest --target TARGET [--date YYYY-MM-DD] [--json]',
  async run(args, config, io) {
    const { values } = parseOptions(
      args,
      { target: { type: 'string', short: 't' }, date: { type: 'string' }, json: { type: 'boolean' } },
      false,
    );
    if (values.help) {
      io.out(`Usage: ${this.usage}

--target: ${TARGET_SPEC_HELP}.
--date: the digest as scheduled on that day (the target's local date), covering one schedule period back.
        Without it: the digest as it would be sent now, covering the time since the previous digest.
--json: the Digest object: {date, window: {start, end, trendingDays}, trending: [item], topics: [{topic, items, more}], empty}.`);
      return EXIT_OK;
    }
    const address = parseTargetSpec(values.target);
    if (values.date !== undefined && !isIsoDay(values.date))
      throw new UsageError(`--date must be a calendar day written YYYY-MM-DD, not "${values.date}".`);
    const app = await openAppContext(config);
    try {
      const now = new Date();
      const target = await targetOrDefault(app.store, address, now);
      const preview = await previewDigest(app.store, target, now, values.date);
      if (values.json) {
        io.out(JSON.stringify(preview.digest, null, 2));
        return EXIT_OK;
      }
      if (preview.fallbackDay !== null)
        io.out(`(nothing on Daily Papers since the last digest; showing the latest day in the store, ${preview.fallbackDay})`);
      io.out(digestText(preview.digest));
      return EXIT_OK;
    } finally {
      await app.store.close();
    }
  },
};
