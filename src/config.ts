// The only reader of process.env. Everything is optional: with nothing set, papers-bot runs as a console bot
// on an embedded SQLite file. Invalid values stop the process at start with one line per problem.
import { z } from 'zod';
import { ARXIV_CATEGORY } from './core/arxiv-id.js';

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const nonNegativeInt = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);

export const configSchema = z
  .object({
    DATABASE_URL: z.string().trim().min(1).default('./data/papers.db'),
    HF_API_URL: z.url().default('https://huggingface.co'),
    ARXIV_API_URL: z.url().default('https://export.arxiv.org/api/query'),
    ARXIV_CATEGORIES: z
      .string()
      .default('cs.LG,cs.CL,cs.AI,cs.CV')
      .transform((value) =>
        value
          .split(',')
          .map((c) => c.trim())
          .filter((c) => c !== ''),
      )
      .pipe(z.array(z.string().regex(ARXIV_CATEGORY, 'an arXiv category such as cs.LG')).min(1)),
    /** Minimum spacing between two arXiv API requests; arXiv asks for at least 3 seconds. */
    ARXIV_MIN_INTERVAL_MS: z.coerce.number().int().min(3000).default(3000),
    /** Most arXiv entries one ingest run reads (arXiv pages of 200). */
    ARXIV_MAX_RESULTS: positiveInt(2000),
    /** Days of Daily Papers re-read on every run, because upvotes and comments keep changing. */
    HF_REFRESH_DAYS: nonNegativeInt(3),
    /** Per-request timeout for upstream HTTP calls, including reading the body. */
    HTTP_TIMEOUT_MS: positiveInt(20_000),
    HTTP_MAX_ATTEMPTS: positiveInt(5),
    INGEST_INTERVAL_MINUTES: nonNegativeInt(30),
    DISCORD_TOKEN: optionalText,
    DISCORD_APPLICATION_ID: optionalText,
    DISCORD_API_URL: z.url().default('https://discord.com/api'),
    SLACK_BOT_TOKEN: optionalText,
    SLACK_APP_TOKEN: optionalText,
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_API_URL: z.url().default('https://slack.com/api/'),
    /** Slack users (U… ids) who may change any channel's digest, besides workspace admins and owners. */
    SLACK_ADMINS: z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((id) => id.trim())
          .filter((id) => id !== ''),
      )
      .pipe(z.array(z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'Slack user ids such as U0123ABCD, separated by commas'))),
    /** Who may change a Slack channel's topics and settings: admins (workspace admins, owners, SLACK_ADMINS) or anyone. */
    SLACK_CHANNEL_SETTINGS_BY: z.enum(['admins', 'anyone']).default('admins'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /**
     * Names this bot process among those sharing the database (default: the host name). A restarted process
     * takes over at once the digests its crashed predecessor of the same name had claimed.
     */
    INSTANCE_NAME: z
      .string()
      .trim()
      .regex(/^[\w.-]{1,64}$/, 'letters, digits, ".", "_" or "-", at most 64')
      .optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** JSON lines, or text for a person ("pretty"); auto: text when the logs go to a terminal. */
    LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
    /** Where logs go: a file path, or "-" for stderr. Unset: stderr, except the console bot at a terminal. */
    LOG_FILE: optionalText,
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

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses configuration from an environment-like record (process.env by default). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  return result.data;
}
