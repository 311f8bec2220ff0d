// Configuration as the doctor sees it: each invalid setting is a failed check (not an early exit), and a valid
// configuration says which front ends and jobs it turns on.
import { ConfigError, loadConfig, type Config } from '../../config.js';
import { isPostgresUrl, sqlitePathFromUrl, UnsupportedDatabaseUrlError } from '../../store/database.js';
import { errorText, fail, ok, type CheckResult } from './check.js';

export interface LoadedConfig {
  config: Config | null;
  results: CheckResult[];
}

const README = 'see the README, Configuration';

/** Reads the configuration from the environment (through src/config.ts) and turns its problems into checks. */
export function checkedConfig(load: () => Config = () => loadConfig()): LoadedConfig {
  let config: Config;
  try {
    config = load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { config: null, results: error.problems.map(problemCheck) };
  }
  try {
    // A postgres:// URL is read by the database checks (which say what is wrong with it); anything else must be a file.
    if (!isPostgresUrl(config.DATABASE_URL)) sqlitePathFromUrl(config.DATABASE_URL);
  } catch (error) {
    if (!(error instanceof UnsupportedDatabaseUrlError)) throw error;
    return {
      config: null,
      results: [
        fail('config', 'DATABASE_URL', errorText(error), `set DATABASE_URL to a SQLite file path or a postgres:// URL (${README})`),
      ],
    };
  }
  return { config, results: [ok('config', 'settings', 'every setting is valid'), ...frontEndChecks(config)] };
}

/** One line of ConfigError ("VARIABLE: what is wrong") as a failed check naming the variable. */
function problemCheck(problem: string): CheckResult {
  const colon = problem.indexOf(': ');
  const variable = colon > 0 ? problem.slice(0, colon) : 'settings';
  const detail = colon > 0 ? problem.slice(colon + 2) : problem;
  return fail('config', variable, detail, `fix ${variable} in the environment (${README})`);
}

export function frontEndChecks(config: Config): CheckResult[] {
  const results = [ok('config', 'console', 'on (always)')];
  results.push(
    ok(
      'config',
      'discord',
      config.DISCORD_TOKEN === undefined ? 'off (DISCORD_TOKEN is not set)' : `on, application ${config.DISCORD_APPLICATION_ID ?? ''}`,
    ),
  );
  let slack = 'off (SLACK_BOT_TOKEN is not set)';
  if (config.SLACK_BOT_TOKEN !== undefined) {
    slack =
      config.SLACK_APP_TOKEN !== undefined
        ? `on, Socket Mode${config.SLACK_SIGNING_SECRET === undefined ? '' : ' (SLACK_APP_TOKEN wins over SLACK_SIGNING_SECRET)'}`
        : `on, HTTP mode: /slack/events on port ${config.PORT}`;
  }
  results.push(ok('config', 'slack', slack));
  results.push(
    ok(
      'config',
      'ingestion',
      config.INGEST_INTERVAL_MINUTES === 0 ? 'off (INGEST_INTERVAL_MINUTES=0)' : `every ${config.INGEST_INTERVAL_MINUTES} minutes`,
    ),
  );
  return results;
}
