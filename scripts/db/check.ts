import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { assertReachable, type DatabaseTarget } from './connection.js';
import { DbScriptError } from './errors.js';
import { assertPostgresLockfile, listMigrations } from './migrations-dir.js';
import { NO_FILTER, withSchemaEngine } from './schema-engine.js';

/** What to compare, and the server to create the throwaway (shadow) database on. */
export interface CheckOptions {
  server: DatabaseTarget;
  schemaPath: string;
  migrationsDir: string;
}

/** Reads a schema file as the engine's input; a missing file is one clear line. */
export async function readSchema(schemaPath: string): Promise<{ path: string; content: string }> {
  const path = relative(process.cwd(), schemaPath) || schemaPath;
  const content = await readFile(schemaPath, 'utf8').catch((error: Error) => {
    throw new DbScriptError(`cannot read ${path}: ${error.message}`);
  });
  return { path, content };
}

/**
 * Fails when `schema.prisma` describes a different database than the migrations produce.
 *
 * The engine's `diff` from the migrations directory replays every migration in a shadow
 * database (created and dropped by MigrateAdapterFactory on `server`) and compares the
 * result with the schema, so a hand-edited migration is caught too, not only a forgotten
 * one. The target database itself is never touched.
 */
export async function check({ server, schemaPath, migrationsDir }: CheckOptions): Promise<string> {
  await assertReachable(server);
  const schema = await readSchema(schemaPath);
  const migrationsList = await listMigrations(migrationsDir);
  assertPostgresLockfile(migrationsList);
  const { exitCode, stdout } = await withSchemaEngine(server, (engine) =>
    engine.diff({
      from: { tag: 'migrations', ...migrationsList },
      to: { tag: 'schemaDatamodel', files: [schema] },
      script: true,
      exitCode: true,
      filters: NO_FILTER,
    }),
  );
  const shownDir = relative(process.cwd(), migrationsDir) || migrationsDir;
  const count = migrationsList.migrationDirectories.length;
  // exitCode 2 is the engine's "the diff is not empty" (migrate diff --exit-code).
  if (exitCode === 2) {
    throw new DbScriptError(
      `${schema.path} and ${shownDir} disagree: create a migration with \`npm run db:migrate:dev -- --name <name>\``,
      { details: `SQL that would bring the migrations to the schema:\n${(stdout ?? '').trim()}` },
    );
  }
  if (exitCode !== 0) throw new DbScriptError(`schema engine diff exited with ${exitCode}`);
  return `${schema.path} matches ${shownDir} (${count} migration${count === 1 ? '' : 's'})`;
}
