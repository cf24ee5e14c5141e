// Creates the database named in DATABASE_URL if it does not exist (through the server's
// `postgres` maintenance database), then applies prisma/migrations to it. Running it again
// changes nothing. Usage: DATABASE_URL=postgresql://… tsx scripts/setup-db.ts
import { resolve } from 'node:path';
import { runCli } from './db/cli.js';
import { ensureDatabase, parseDatabaseUrl } from './db/connection.js';
import { deploy } from './db/deploy.js';

const migrationsDir = resolve(import.meta.dirname, '..', 'prisma', 'migrations');

await runCli('setup-db', async () => {
  const target = parseDatabaseUrl(process.env.DATABASE_URL);
  const created = await ensureDatabase(target);
  const { summary } = await deploy({ target, migrationsDir });
  return `${created ? `created database "${target.database}"` : `database "${target.database}" exists`}; ${summary}`;
});
