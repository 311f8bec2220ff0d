// The `papers` subcommands by name, each loaded only when it runs: `papers --help` and `papers search` should not
// pay for loading discord.js and Bolt, which only `run`, `doctor` and `register-commands` need.
import type { CliCommand } from './cli-command.js';

export interface CliCommandEntry {
  name: string;
  summary: string;
  load(): Promise<CliCommand>;
}

export const cliCommands: readonly CliCommandEntry[] = [
  { name: 'run', summary: 'run the bot (what `npm start` does)', load: async () => (await import('./run-command.js')).runCommand },
  {
    name: 'migrate',
    summary: 'create or upgrade the database schema',
    load: async () => (await import('./migrate-command.js')).migrateCommand,
  },
  {
    name: 'ingest',
    summary: 'fetch papers from Hugging Face Daily Papers and arXiv',
    load: async () => (await import('./ingest-command.js')).ingestCommand,
  },
  {
    name: 'import',
    summary: 'load saved Hugging Face daily_papers JSON or arXiv Atom XML files',
    load: async () => (await import('./import-command.js')).importCommand,
  },
  {
    name: 'search',
    summary: 'full-text search of the stored papers',
    load: async () => (await import('./search-command.js')).searchCommand,
  },
  {
    name: 'similar',
    summary: 'the stored papers most like one paper (arXiv id or link) or like a few words',
    load: async () => (await import('./similar-command.js')).similarCommand,
  },
  {
    name: 'digest',
    summary: "preview a target's digest (nothing is sent or recorded)",
    load: async () => (await import('./digest-command.js')).digestCommand,
  },
  {
    name: 'subscribe',
    summary: 'make a target follow a topic',
    load: async () => (await import('./subscription-commands.js')).subscribeCliCommand,
  },
  { name: 'topics', summary: "list a target's topics", load: async () => (await import('./subscription-commands.js')).topicsCliCommand },
  {
    name: 'unsubscribe',
    summary: 'make a target stop following a topic',
    load: async () => (await import('./subscription-commands.js')).unsubscribeCliCommand,
  },
  {
    name: 'stats',
    summary: 'what the store holds, and the latest ingest runs',
    load: async () => (await import('./stats-command.js')).statsCommand,
  },
  {
    name: 'backup',
    summary: 'copy the database to FILE while the bot runs (consistent, checked)',
    load: async () => (await import('./backup-command.js')).backupCommand,
  },
  {
    name: 'migrate-data',
    summary: 'copy a SQLite store into an empty PostgreSQL database, and check the counts',
    load: async () => (await import('./migrate-data-command.js')).migrateDataCommand,
  },
  {
    name: 'register-commands',
    summary: 'register the /papers slash command with Discord',
    load: async () => (await import('./register-commands-command.js')).registerCommandsCommand,
  },
  {
    name: 'doctor',
    summary: 'check the configuration, database, upstreams and platform access; say how to fix problems',
    load: async () => (await import('./doctor-command.js')).doctorCommand,
  },
];
