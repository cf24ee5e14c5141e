import { relative } from 'node:path';
import { assertReachable, type DatabaseTarget } from './connection.js';
import { readSchema } from './check.js';
import { DbScriptError } from './errors.js';
import { assertMigrationName, assertPostgresLockfile, listMigrations, writeMigration } from './migrations-dir.js';
import { NO_FILTER, withSchemaEngine } from './schema-engine.js';

/** Inputs of `migrate.ts dev`. */
export interface DevOptions {
  target: DatabaseTarget;
  schemaPath: string;
  migrationsDir: string;
  name: string | undefined;
  /** Create the migration even when the engine warns it drops data. Default false. */
  acceptDataLoss?: boolean;
}

/**
 * `prisma migrate dev` without the CLI: checks the dev database follows the migrations,
 * applies pending ones, asks the engine for the migration from the migrations to the
 * schema (diffed in a shadow database), writes it as the next folder and applies it.
 */
export async function dev(options: DevOptions): Promise<string> {
  const name = assertMigrationName(options.name);
  const { target, migrationsDir } = options;
  await assertReachable(target);
  const schema = await readSchema(options.schemaPath);
  let migrationsList = await listMigrations(migrationsDir);
  assertPostgresLockfile(migrationsList);

  return await withSchemaEngine(target, async (engine) => {
    const { action } = await engine.devDiagnostic({ migrationsList, filters: NO_FILTER });
    if (action.tag === 'reset') {
      throw new DbScriptError(
        `${target.label} does not match the migrations (${action.reason.split('\n')[0]}); drop it and run \`npm run db:setup\``,
      );
    }
    await engine.applyMigrations({ migrationsList, filters: NO_FILTER });

    const loss = await engine.evaluateDataLoss({ migrationsList, schema: { files: [schema] }, filters: NO_FILTER });
    if (loss.migrationSteps === 0) return `no changes: ${schema.path} matches the migrations; nothing written`;
    if (loss.unexecutableSteps.length > 0) {
      throw new DbScriptError(`the migration cannot run: ${loss.unexecutableSteps.map((step) => step.message).join(' | ')}`);
    }
    if (loss.warnings.length > 0 && !options.acceptDataLoss) {
      throw new DbScriptError(
        `the migration would lose data (${loss.warnings.map((step) => step.message).join(' | ')}); rerun with --accept-data-loss`,
      );
    }

    const created = await engine.createMigration({
      draft: false,
      migrationName: name,
      migrationsList,
      schema: { files: [schema] },
      filters: NO_FILTER,
    });
    if (created.migrationScript === null) return `no changes: ${schema.path} matches the migrations; nothing written`;
    const folder = await writeMigration(migrationsDir, created.generatedMigrationName, created.migrationScript);
    migrationsList = await listMigrations(migrationsDir);
    await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
    return `wrote ${relative(process.cwd(), folder)}/migration.sql and applied it to ${target.label}`;
  }, [[schema.path, schema.content]]);
}
