// The only reader of process.env. Everything is optional: with nothing set, papers-bot runs as a console bot
// on an embedded SQLite file. Invalid values stop the process at start with one line per problem.
import { z } from 'zod';
import { ARXIV_CATEGORY } from './core/arxiv-id.js';
import { ConfigError } from './config-error.js';

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const nonNegativeInt = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);

/**
 * What a variable means, for people: the README's configuration table is generated from these (npm run readme),
 * and a test fails when the two drift apart. `unset` says what happens without it when there is no default value.
 */
export interface ConfigDoc {
  doc: string;
  unset?: string;
  [key: string]: unknown;
}
const about = (doc: string, unset?: string): ConfigDoc => (unset === undefined ? { doc } : { doc, unset });

const commaList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== ''),
    );

export const configSchema = z
  .object({
    DATABASE_URL: z
      .string()
      .trim()
      .min(1)
      .default('./data/papers.db')
      .meta(
        about(
          'SQLite file path (`sqlite:` and `file:` prefixes are accepted; the folder is created if missing), or a `postgres://user:password@host:5432/database` URL for PostgreSQL, which several processes on several hosts can share',
        ),
      ),
    DATABASE_POOL_SIZE: z.coerce
      .number()
      .int()
      .min(1)
      .max(100)
      .default(10)
      .meta(
        about(
          'PostgreSQL only: connections this process keeps open at most. Processes × this must stay under the server’s max_connections',
        ),
      ),
    HF_API_URL: z.url().default('https://huggingface.co').meta(about('Hugging Face base URL')),
    ARXIV_API_URL: z.url().default('https://export.arxiv.org/api/query').meta(about('arXiv export API query URL')),
    ARXIV_CATEGORIES: commaList('cs.LG,cs.CL,cs.AI,cs.CV')
      .pipe(z.array(z.string().regex(ARXIV_CATEGORY, 'an arXiv category such as cs.LG')).min(1))
      .meta(about('Comma-separated arXiv categories to ingest')),
    ARXIV_MIN_INTERVAL_MS: z.coerce
      .number()
      .int()
      .min(3000)
      .default(3000)
      .meta(about('Minimum gap between arXiv requests, in milliseconds (at least 3000, as arXiv asks)')),
    ARXIV_MAX_RESULTS: positiveInt(2000).meta(about('Maximum arXiv entries read in one ingest run (arXiv pages of 200)')),
    HF_REFRESH_DAYS: nonNegativeInt(3).meta(about('Days of Daily Papers re-read on every run, because upvotes and comments keep changing')),
    HTTP_TIMEOUT_MS: positiveInt(20_000).meta(about('Time limit for one upstream request, body included, in milliseconds')),
    HTTP_MAX_ATTEMPTS: positiveInt(5).meta(
      about('Attempts per upstream request. 429, 5xx and timeouts are retried with backoff, and Retry-After is honoured.'),
    ),
    INGEST_INTERVAL_MINUTES: nonNegativeInt(30).meta(
      about(
        'How often the running bot ingests, checked on its one-minute tick (`0` turns this off; an empty store then gets the bundled sample)',
      ),
    ),
    DISCORD_TOKEN: optionalText.meta(
      about('Turns on the Discord front end: the bot token (Developer Portal → Bot). Needs `DISCORD_APPLICATION_ID` too', 'no Discord'),
    ),
    DISCORD_APPLICATION_ID: optionalText.meta(
      about('The Discord application id (Developer Portal → General Information); both Discord variables or neither', 'no Discord'),
    ),
    DISCORD_API_URL: z
      .url()
      .default('https://discord.com/api')
      .meta(
        about("Discord REST base, as discord.js's `rest.api` (the version is appended); the gateway URL comes from `GET /gateway/bot`"),
      ),
    SLACK_BOT_TOKEN: optionalText.meta(
      about('Turns on the Slack front end: the bot token (`xoxb-…`, OAuth & Permissions). Needs one of the two below', 'no Slack'),
    ),
    SLACK_APP_TOKEN: optionalText.meta(
      about(
        'Socket Mode (no public URL): the app-level token (`xapp-…`, Basic Information, scope `connections:write`). Wins when both are set',
        'HTTP mode',
      ),
    ),
    SLACK_SIGNING_SECRET: optionalText.meta(
      about("HTTP mode: Slack's requests to `http(s)://HOST:PORT/slack/events` are checked against it (Basic Information)", 'Socket Mode'),
    ),
    SLACK_API_URL: z
      .url()
      .default('https://slack.com/api/')
      .meta(about("Slack Web API base, as the WebClient's `slackApiUrl` (method names are appended)")),
    SLACK_ADMINS: commaList('')
      .pipe(z.array(z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'Slack user ids such as U0123ABCD, separated by commas')))
      .meta(about("Slack user ids (comma-separated) who may change any channel's digest, besides workspace admins and owners", 'none')),
    SLACK_CHANNEL_SETTINGS_BY: z
      .enum(['admins', 'anyone'])
      .default('admins')
      .meta(
        about(
          "Who may change a Slack channel's topics and settings: `admins` (workspace admins and owners, and `SLACK_ADMINS`) or `anyone`",
        ),
      ),
    HOST: z
      .string()
      .trim()
      .regex(/^[\w.:-]{1,253}$/, 'an address such as 127.0.0.1, 0.0.0.0 or ::')
      .default('127.0.0.1')
      .meta(
        about(
          "Address the HTTP listener binds. The default keeps `/metrics` on this machine; `0.0.0.0` opens it to the network (a container, or a reverse proxy on another host in front of Slack's HTTP mode)",
        ),
      ),
    PORT: z.coerce
      .number()
      .int()
      .min(0)
      .max(65535)
      .default(3000)
      .meta(
        about(
          "HTTP listener: `/healthz`, `/readyz`, `/metrics`, and Slack's `/slack/events` in HTTP mode. If the port is taken, the bot runs on without health checks and says so",
        ),
      ),
    INSTANCE_NAME: z
      .string()
      .trim()
      .regex(/^[\w.-]{1,64}$/, 'letters, digits, ".", "_" or "-", at most 64')
      .optional()
      .meta(
        about(
          'Names this process among those sharing the database (letters, digits, `.`, `_`, `-`). A restart with the same name takes over at once what the previous run was sending; give each of several processes its own',
          'the host name',
        ),
      ),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .optional()
      .meta(
        about(
          'pino level: `fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`; unset, `info` for the bot and `error` for the other `papers` commands, which print their own results',
        ),
      ),
    LOG_FORMAT: z
      .enum(['auto', 'json', 'pretty'])
      .default('auto')
      .meta(about('`json` lines, or `pretty` text for a person; `auto` is text when the logs go to a terminal and JSON otherwise')),
    LOG_FILE: optionalText.meta(
      about(
        'Where logs go: a file path, or `-` for stderr. When unset they go to stderr, except for the console bot at a terminal, which writes them to `papers-bot.log` next to the database so they do not interleave with the conversation',
        'stderr',
      ),
    ),
  })
  .superRefine((config, ctx) => {
    // Half a Discord setup is a mistake worth stopping for, not a silently disabled front end.
    if ((config.DISCORD_TOKEN === undefined) !== (config.DISCORD_APPLICATION_ID === undefined)) {
      const missing = config.DISCORD_TOKEN === undefined ? 'DISCORD_TOKEN' : 'DISCORD_APPLICATION_ID';
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: 'the Discord front end needs both DISCORD_TOKEN and DISCORD_APPLICATION_ID',
      });
    }
    // Slack: a bot token and one way in (Socket Mode's app token, or HTTP's signing secret); swapped tokens are
    // the usual mistake, and their prefixes tell them apart.
    const slackWayIn = config.SLACK_APP_TOKEN !== undefined || config.SLACK_SIGNING_SECRET !== undefined;
    if (config.SLACK_BOT_TOKEN === undefined && slackWayIn) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'the Slack front end needs SLACK_BOT_TOKEN (xoxb-…) as well' });
    }
    if (config.SLACK_BOT_TOKEN !== undefined) {
      if (!config.SLACK_BOT_TOKEN.startsWith('xoxb-')) {
        ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'the bot token starts with xoxb- (OAuth & Permissions)' });
      }
      if (!slackWayIn) {
        ctx.addIssue({
          code: 'custom',
          path: ['SLACK_APP_TOKEN'],
          message: 'set SLACK_APP_TOKEN (xapp-…, Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode) with SLACK_BOT_TOKEN',
        });
      }
    }
    if (config.SLACK_APP_TOKEN !== undefined && !config.SLACK_APP_TOKEN.startsWith('xapp-')) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_APP_TOKEN'], message: 'the app-level token starts with xapp- (Basic Information)' });
    }
  });

export type Config = z.infer<typeof configSchema>;

export { ConfigError };

/** Parses configuration from an environment-like record (process.env by default). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  return result.data;
}
