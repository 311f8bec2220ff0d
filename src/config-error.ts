// A configuration that does not parse: one line per problem. Its own file, so that the command line can
// recognise it without loading the schema (and zod) before it needs a configuration.
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
