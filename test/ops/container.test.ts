// The container image, checked without a container engine (none runs on our machines): what the Dockerfile and
// docker-compose.yml say is compared with the repository it is built from, and the health check command is run
// for real against a local server. The compose file is read as data (with the yaml package, merge keys on): the default
// SQLite bot, and the postgres profile's PostgreSQL and two bots sharing it.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { createServer } from 'node:http';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { isPostgresUrl } from '../../src/store/database.js';
import { parse as parseYaml } from 'yaml';
import { freePort } from '../helpers/free-port.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface Instruction {
  keyword: string;
  args: string;
}

/** Dockerfile instructions, with comments dropped and `\` continuations joined. */
function instructions(text: string): Instruction[] {
  const logical = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return logical
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

const dockerfile = instructions(read('Dockerfile'));
const stageStarts = dockerfile.flatMap((instruction, index) => (instruction.keyword === 'FROM' ? [index] : []));
const finalStage = dockerfile.slice(stageStarts.at(-1));
const jsonArray = (args: string): string[] => JSON.parse(args) as string[];
const one = (stage: Instruction[], keyword: string): Instruction => {
  const found = stage.filter((instruction) => instruction.keyword === keyword);
  expect(found, keyword).toHaveLength(1);
  return found[0] as Instruction;
};

/** What the runtime stage copies from the build context (sources of COPY without --from). */
const copiedFromContext = finalStage
  .filter((instruction) => instruction.keyword === 'COPY' && !instruction.args.startsWith('--from'))
  .flatMap((instruction) => instruction.args.split(/\s+/).slice(0, -1));

const dockerignore = read('.dockerignore')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every source file the running bot loads: what bin/, src/, commands/ and migrations/ hold. */
const runtimeSources = ['bin', 'src', 'commands', 'migrations'].flatMap((dir) =>
  filesUnder(join(ROOT, dir)).filter((file) => /\.(ts|js)$/.test(file)),
);

/** The health check's command, from the Dockerfile (exec form). */
const healthcheckCommand = (): string[] => {
  const args = one(finalStage, 'HEALTHCHECK').args;
  const exec = /CMD (\[.*\])$/.exec(args);
  expect(exec, 'HEALTHCHECK in exec form').not.toBeNull();
  return jsonArray(exec?.[1] ?? '[]');
};

function runHealthcheck(port: number): Promise<number | null> {
  const [program, ...args] = healthcheckCommand();
  expect(program).toBe('node');
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { env: { PORT: String(port) }, stdio: 'ignore' });
    child.once('error', fail);
    child.once('exit', (code) => done(code));
  });
}

describe('Dockerfile', () => {
  it('builds in one stage and runs in another, on the same base image (better-sqlite3 is native)', () => {
    expect(stageStarts).toHaveLength(2);
    const [build, run] = stageStarts.map((index) => dockerfile[index]?.args ?? '');
    expect(build).toMatch(/^\S+ AS build$/i);
    expect(run?.split(/\s+/)[0]).toBe(build?.split(/\s+/)[0]);
    const copiesFromBuild = finalStage.filter((instruction) => instruction.args.startsWith('--from='));
    expect(copiesFromBuild.map((instruction) => instruction.args)).toEqual([
      '--from=build /app/node_modules ./node_modules',
      '--from=build /app/dist ./dist',
    ]);
    // npm ci compiles dist/ (npm's prepare needs TypeScript, a dev dependency); the image keeps no dev dependencies.
    expect(
      dockerfile.some((instruction) => instruction.keyword === 'RUN' && /npm ci .*&& npm prune --omit=dev/.test(instruction.args)),
    ).toBe(true);
  });

  it('runs Node.js 24 LTS, the line package.json names as supported', () => {
    for (const index of stageStarts) expect(dockerfile[index]?.args).toMatch(/^node:24-bookworm-slim\b/);
    const pkg = JSON.parse(read('package.json')) as { engines: { node: string } };
    expect(pkg.engines.node).toMatch(/\^24/);
  });

  it('copies files that exist and that .dockerignore does not leave out', () => {
    expect(copiedFromContext.length).toBeGreaterThan(3);
    for (const source of copiedFromContext) {
      expect(existsSync(join(ROOT, source)), source).toBe(true);
      expect(dockerignore, source).not.toContain(source);
    }
    // The build stage's own copies too.
    const buildStage = dockerfile.slice(0, stageStarts[1]);
    for (const instruction of buildStage.filter((i) => i.keyword === 'COPY')) {
      for (const source of instruction.args.split(/\s+/).slice(0, -1)) expect(existsSync(join(ROOT, source)), source).toBe(true);
    }
  });

  it('copies every file the bot loads at run time', () => {
    const copied = copiedFromContext.map((source) => resolve(ROOT, source));
    const inImage = (path: string) => copied.some((source) => path === source || path.startsWith(`${source}/`));
    // The TypeScript the build stage copies is compiled into dist/, which the runtime stage takes from it.
    const buildStage = dockerfile.slice(0, stageStarts[1]);
    const compiled = buildStage
      .filter((instruction) => instruction.keyword === 'COPY')
      .flatMap((instruction) => instruction.args.split(/\s+/).slice(0, -1))
      .map((source) => resolve(ROOT, source));
    const isCompiled = (path: string) => compiled.some((source) => path.startsWith(`${source}/`));
    let references = 0;
    for (const file of runtimeSources) {
      const text = readFileSync(file, 'utf8');
      // Relative imports between sources: compiled, so their folder must be one the build stage compiles.
      for (const [, target] of text.matchAll(/(?:from |import\()'(\.{1,2}\/[^']+)'/g)) {
        const named = resolve(dirname(file), target ?? '');
        references += 1;
        if (file.startsWith(join(ROOT, 'bin'))) {
          expect(named.startsWith(join(ROOT, 'dist')), `${relative(ROOT, file)} loads ${target}`).toBe(true);
          continue;
        }
        const path = existsSync(named) ? named : named.replace(/\.js$/, '.ts');
        expect(existsSync(path), `${relative(ROOT, file)} loads ${target}`).toBe(true);
        expect(isCompiled(path), `${relative(ROOT, file)} loads ${target}`).toBe(true);
      }
      // Files shipped beside the code, found from the package's root: copied as they are.
      for (const [, target] of text.matchAll(/packageFile\('([^']+)'\)/g)) {
        const path = join(ROOT, target ?? '');
        references += 1;
        expect(existsSync(path), `${relative(ROOT, file)} reads ${target}`).toBe(true);
        expect(inImage(path), `${relative(ROOT, file)} reads ${target}`).toBe(true);
      }
    }
    expect(references).toBeGreaterThan(100);
  });

  it('installs every package the running code imports (the image has no dev dependencies)', () => {
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    const builtins = new Set(builtinModules);
    const imported = new Set<string>();
    for (const file of runtimeSources) {
      for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)[^'";]*?from '([^'.][^']*)'/g)) {
        if (specifier === undefined || specifier.startsWith('node:') || builtins.has(specifier)) continue;
        // Type-only imports vanish at run time, but they must still resolve for tsx: keep them in the check.
        const parts = specifier.split('/');
        imported.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? ''));
      }
    }
    expect(imported.size).toBeGreaterThan(5);
    // @slack/web-api and @slack/types arrive with @slack/bolt, @discordjs/* with discord.js.
    const providedBy: Record<string, string> = {
      '@slack/web-api': '@slack/bolt',
      '@slack/types': '@slack/bolt',
      '@slack/socket-mode': '@slack/bolt',
      '@discordjs/rest': 'discord.js',
      '@discordjs/ws': 'discord.js',
      'discord-api-types': 'discord.js',
    };
    for (const name of imported) expect(pkg.dependencies, name).toHaveProperty(providedBy[name] ?? name);
  });

  it('starts the way npm start does', () => {
    const pkg = JSON.parse(read('package.json')) as { scripts: { start: string } };
    const command = [...jsonArray(one(finalStage, 'ENTRYPOINT').args), ...jsonArray(one(finalStage, 'CMD').args)];
    expect(command.join(' ')).toBe(pkg.scripts.start);
  });

  it('runs as a user that is not root, with the database on the /data volume', () => {
    const user = one(finalStage, 'USER').args;
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(user).not.toBe('');
    expect(jsonArray(one(finalStage, 'VOLUME').args)).toEqual(['/data']);
    const env = finalStage.filter((i) => i.keyword === 'ENV').map((i) => i.args);
    expect(env.join(' ')).toMatch(/DATABASE_URL=\/data\//);
    // The published port must reach the listener: the image binds every interface, not the default loopback.
    expect(env.join(' ')).toMatch(/HOST=0\.0\.0\.0/);
    // The volume is created owned by that user, or the bot could not write its database.
    expect(finalStage.some((i) => i.keyword === 'RUN' && i.args.includes(`chown ${user}:${user} /data`))).toBe(true);
  });

  it('has a health check that passes when /healthz answers and fails when nothing does', async () => {
    const server = createServer((req, res) => {
      res.statusCode = req.url === '/healthz' ? 200 : 404;
      res.end('{"alive":true}');
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      expect(await runHealthcheck(port)).toBe(0);
    } finally {
      await new Promise<void>((closed) => server.close(() => closed()));
    }
    expect(await runHealthcheck(await freePort())).toBe(1);
  });
});

interface YamlMap {
  [key: string]: unknown;
}

describe('docker-compose.yml', () => {
  const compose = read('docker-compose.yml');
  // YAML 1.1's merge keys (`<<: *anchor`), which compose understands, resolved as compose resolves them.
  const file = parseYaml(compose, { merge: true }) as YamlMap;
  const services = file.services as Record<string, YamlMap>;
  const service = (name: string): YamlMap => {
    expect(services, name).toHaveProperty(name);
    return services[name] as YamlMap;
  };
  const bots = Object.keys(services).filter((name) => services[name]?.build === '.');
  const environment = (name: string) => service(name).environment as Record<string, string>;
  /** compose's `${NAME:-default}` with the defaults, as compose fills them in when .env leaves them out. */
  const withDefaults = (text: string) => text.replace(/\$\{(\w+):-([^}]*)\}/g, (_, _name: string, fallback: string) => fallback);

  it('builds this Dockerfile and keeps the database on a volume at /data', () => {
    expect(compose).toMatch(/^\s+build: \.$/m);
    expect(compose).toMatch(/^\s+- [\w-]+:\/data$/m);
    expect(compose).toMatch(/DATABASE_URL: \/data\//);
    expect(service('papers-bot').volumes).toEqual(['papers-data:/data']);
    expect(environment('papers-bot').DATABASE_URL).toBe('/data/papers.db');
  });

  it('runs every bot as the same user with the same health check', () => {
    expect(compose).toMatch(new RegExp(`^\\s+user: ${one(finalStage, 'USER').args}$`, 'm'));
    const [, ...args] = healthcheckCommand();
    // The same node -e script as the Dockerfile's, in the compose file's YAML quoting.
    expect(compose).toContain(JSON.stringify(args.at(-1)).slice(1, -1).replace(/\\"/g, '"'));
    expect(bots).toEqual(['papers-bot', 'papers-bot-pg-1', 'papers-bot-pg-2']);
    for (const bot of bots) {
      expect(service(bot).user, bot).toBe(one(finalStage, 'USER').args);
      expect((service(bot).healthcheck as YamlMap).test, bot).toEqual(['CMD', 'node', ...args]);
    }
  });

  it('runs the one SQLite bot when no profile is chosen', () => {
    const always = Object.keys(services).filter((name) => service(name).profiles === undefined);
    expect(always).toEqual(['papers-bot']);
    const bot = service('papers-bot');
    expect(bot.ports).toEqual(['127.0.0.1:3000:3000']);
    expect(bot.depends_on).toBeUndefined();
    expect(environment('papers-bot')).toEqual({ DATABASE_URL: '/data/papers.db', HOST: '0.0.0.0', PORT: '3000' });
    expect(isPostgresUrl(environment('papers-bot').DATABASE_URL ?? '')).toBe(false);
  });

  it('has a postgres profile: PostgreSQL 16 on a volume, checked with pg_isready, its credentials from .env with defaults', () => {
    const postgres = service('postgres');
    expect(postgres.profiles).toEqual(['postgres']);
    expect(postgres.image).toBe('postgres:16');
    expect(postgres.volumes).toEqual(['postgres-data:/var/lib/postgresql/data']);
    expect(file.volumes).toHaveProperty('postgres-data');
    // Only the bots reach it, on the compose network.
    expect(postgres.ports).toBeUndefined();
    const test = (postgres.healthcheck as YamlMap).test as string[];
    expect(test[0]).toBe('CMD-SHELL');
    // $$: the container's own variables at check time, not compose's.
    expect(test[1]).toBe('pg_isready -U "$${POSTGRES_USER}" -d "$${POSTGRES_DB}"');
    // Each from .env, with the default .env.example shows commented out.
    const example = read('.env.example');
    for (const [name, value] of Object.entries(environment('postgres'))) {
      expect(value, name).toMatch(new RegExp(`^\\$\\{${name}:-\\w+\\}$`));
      expect(example).toContain(`\n# ${name}=${withDefaults(value)}\n`);
    }
  });

  it('runs two bots on that PostgreSQL, each its own INSTANCE_NAME and port, once it is healthy', () => {
    const replicas = bots.filter((name) => name !== 'papers-bot');
    const database = environment('postgres');
    for (const bot of replicas) {
      expect(service(bot).profiles, bot).toEqual(['postgres']);
      expect(service(bot).depends_on, bot).toEqual({ postgres: { condition: 'service_healthy' } });
      // The URL is made of the same variables, with the same defaults, as the postgres service's own.
      expect(environment(bot).DATABASE_URL, bot).toBe(
        `postgres://${database.POSTGRES_USER}:${database.POSTGRES_PASSWORD}@postgres:5432/${database.POSTGRES_DB}`,
      );
      // Everything else as the SQLite bot has it; no /data volume, which only SQLite uses.
      for (const key of ['build', 'image', 'restart', 'init', 'stop_grace_period', 'env_file', 'healthcheck']) {
        expect(service(bot)[key], `${bot} ${key}`).toEqual(service('papers-bot')[key]);
      }
      expect(service(bot).volumes, bot).toBeUndefined();
      // The configuration the bot starts with, once compose fills in the defaults, is valid and names PostgreSQL.
      const config = loadConfig(Object.fromEntries(Object.entries(environment(bot)).map(([name, value]) => [name, withDefaults(value)])));
      expect(isPostgresUrl(config.DATABASE_URL), bot).toBe(true);
      expect(config).toMatchObject({ HOST: '0.0.0.0', PORT: 3000, INSTANCE_NAME: bot });
    }
    expect(replicas).toHaveLength(2);
    // A second live process of a name is refused, so the two must differ.
    expect(new Set(replicas.map((bot) => environment(bot).INSTANCE_NAME)).size).toBe(2);
    // `--profile postgres up` without service names starts the SQLite bot too: no two may publish one host port.
    const published = Object.keys(services).flatMap((name) =>
      ((service(name).ports ?? []) as string[]).map((p) => p.split(':').slice(0, -1).join(':')),
    );
    expect(published).toEqual(['127.0.0.1:3000', '127.0.0.1:3001', '127.0.0.1:3002']);
  });
});
