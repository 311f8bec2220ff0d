// `papers doctor [--json]`: checks the configuration, the database, the upstreams and each platform's token and
// channels, prints what is wrong and how to fix it, and exits 1 when something is. It loads the configuration
// itself, so that an invalid one is reported as failed checks rather than stopping before anything runs.
import type { Config } from '../config.js';
import { doctorTimeoutMs, type CheckResult, type PlatformChecker } from '../ops/doctor/check.js';
import { checkedConfig } from '../ops/doctor/config-checks.js';
import { formatReport } from '../ops/doctor/format-report.js';
import { runDoctor } from '../ops/doctor/run-doctor.js';
import { discordChecker } from '../platforms/discord/discord-doctor.js';
import { slackChecker } from '../platforms/slack/slack-doctor.js';
import { EXIT_FAILED, EXIT_OK, type CliCommand, type CliIo } from './cli-command.js';
import { parseOptions } from './parse-options.js';

const HELP = `Checks the configuration, the database, Hugging Face and arXiv, and each configured platform: that its
token works and what the bot can see and do in every channel with a digest. Nothing is changed or posted.
Prints one line per check with a fix under each problem. Exit 0: nothing failed (warnings allowed); 1: something
failed; 2: bad usage. --json prints the checks as an array of {area, name, status, detail, fix}.`;

function platformCheckers(config: Config): PlatformChecker[] {
  const timeoutMs = doctorTimeoutMs(config);
  const checkers: PlatformChecker[] = [];
  if (config.DISCORD_TOKEN !== undefined && config.DISCORD_APPLICATION_ID !== undefined) {
    checkers.push(
      discordChecker({
        token: config.DISCORD_TOKEN,
        applicationId: config.DISCORD_APPLICATION_ID,
        apiUrl: config.DISCORD_API_URL,
        timeoutMs,
      }),
    );
  }
  if (config.SLACK_BOT_TOKEN !== undefined) {
    checkers.push(
      slackChecker({
        botToken: config.SLACK_BOT_TOKEN,
        ...(config.SLACK_APP_TOKEN === undefined ? {} : { appToken: config.SLACK_APP_TOKEN }),
        apiUrl: config.SLACK_API_URL,
        timeoutMs,
        port: config.PORT,
      }),
    );
  }
  return checkers;
}

/** The password of a postgres:// DATABASE_URL, as written and decoded (the lines show the URL without it). */
function databasePasswords(url: string | undefined): string[] {
  try {
    const password = new URL(url ?? '').password;
    return password === '' ? [] : [password, decodeURIComponent(password)];
  } catch {
    return [];
  }
}

/** Replaces every secret in the report by its harmless prefix, in case an upstream or a server echoed one back. */
function redact(text: string, config: Config | null): string {
  const secrets = [
    config?.DISCORD_TOKEN,
    config?.SLACK_BOT_TOKEN,
    config?.SLACK_APP_TOKEN,
    config?.SLACK_SIGNING_SECRET,
    ...databasePasswords(config?.DATABASE_URL),
  ];
  let safe = text;
  for (const secret of secrets) {
    if (secret === undefined || secret.length < 8) continue;
    const prefix = /^(xox[a-z]-|xapp-)/.exec(secret)?.[0] ?? '';
    safe = safe.split(secret).join(`${prefix}…`);
  }
  return safe;
}

function print(results: CheckResult[], config: Config | null, json: boolean, io: CliIo): number {
  const text = json ? JSON.stringify(results, null, 2) : formatReport(results).join('\n');
  io.out(redact(text, config));
  return results.some((r) => r.status === 'fail') ? EXIT_FAILED : EXIT_OK;
}

async function doctor(args: string[], io: CliIo, load: () => ReturnType<typeof checkedConfig>): Promise<number> {
  const { values } = parseOptions(args, { json: { type: 'boolean' } }, false);
  if (values.help) {
    io.out(`Usage: ${doctorCommand.usage}\n\n${HELP}`);
    return EXIT_OK;
  }
  const json = values.json === true;
  const { config, results } = load();
  // Without a valid configuration nothing else can be looked at: the database and tokens come from it.
  if (config === null) return print(results, null, json, io);
  const all = await runDoctor({ config, platforms: platformCheckers(config), now: new Date(), before: results });
  return print(all, config, json, io);
}

export const doctorCommand: CliCommand = {
  name: 'doctor',
  usage: 'papers doctor [--json]',
  run(args, config, io) {
    return doctor(args, io, () => checkedConfig(() => config));
  },
  runWithoutConfig(args, io, loadConfig) {
    return doctor(args, io, () => checkedConfig(loadConfig));
  },
};
