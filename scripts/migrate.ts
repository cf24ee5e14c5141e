// Prisma migrations without Prisma's native schema engine (see docs/migrations.md):
//   tsx scripts/migrate.ts deploy                    apply prisma/migrations to DATABASE_URL
//   tsx scripts/migrate.ts dev --name <name>         write the next migration from schema.prisma, apply it
//   tsx scripts/migrate.ts check                     fail if schema.prisma and the migrations disagree
// Options: --schema <path> (default prisma/schema.prisma), --migrations <dir> (default
// prisma/migrations), --accept-data-loss (dev). The same folders are what
// `prisma migrate deploy` applies on a machine that can download Prisma's engine.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runCli } from './db/cli.js';
import { DEFAULT_DATABASE_URL, parseDatabaseUrl, withDatabase } from './db/connection.js';
import { check } from './db/check.js';
import { deploy } from './db/deploy.js';
import { dev } from './db/dev.js';
import { DbScriptError } from './db/errors.js';

const root = resolve(import.meta.dirname, '..');
const commands = ['deploy', 'dev', 'check'] as const;
type Command = (typeof commands)[number];

function parse(): { command: Command; schemaPath: string; migrationsDir: string; name?: string; acceptDataLoss: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        schema: { type: 'string' },
        migrations: { type: 'string' },
        name: { type: 'string' },
        'accept-data-loss': { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new DbScriptError((error as Error).message, { exitCode: 2 });
  }
  const [command, ...extra] = parsed.positionals;
  if (!commands.includes(command as Command) || extra.length > 0) {
    throw new DbScriptError(`usage: migrate.ts ${commands.join('|')} [--schema <path>] [--migrations <dir>] [--name <name>]`, {
      exitCode: 2,
    });
  }
  return {
    command: command as Command,
    schemaPath: resolve(parsed.values.schema ?? resolve(root, 'prisma/schema.prisma')),
    migrationsDir: resolve(parsed.values.migrations ?? resolve(root, 'prisma/migrations')),
    name: parsed.values.name,
    acceptDataLoss: parsed.values['accept-data-loss'] ?? false,
  };
}

function maintenanceTarget(url: string) {
  parseDatabaseUrl(url); // validates, naming DATABASE_URL in the error
  return parseDatabaseUrl(withDatabase(url, 'postgres'));
}

await runCli('migrate', async () => {
  const args = parse();
  switch (args.command) {
    case 'deploy':
      return (await deploy({ target: parseDatabaseUrl(process.env.DATABASE_URL), migrationsDir: args.migrationsDir })).summary;
    case 'dev':
      return await dev({ target: parseDatabaseUrl(process.env.DATABASE_URL), ...args });
    case 'check':
      // Only a server to create the shadow database on is needed, so connect to its
      // maintenance database: the one in DATABASE_URL may not exist yet.
      return await check({ server: maintenanceTarget(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL), ...args });
    default: {
      const unknown: never = args.command;
      throw new DbScriptError(`unknown command ${String(unknown)}`, { exitCode: 2 });
    }
  }
});
