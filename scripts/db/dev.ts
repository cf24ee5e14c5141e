import { relative } from 'node:path';
import { assertReachable, type DatabaseTarget } from './connection.js';
import { readSchema } from './check.js';
import { DbScriptError } from './errors.js';
import { assertMigrationName, assertPostgresLockfile, listMigrations, writeMigration } from './migrations-dir.js';
import { NO_FILTER, withSchemaEngine, type SchemaEngine } from './schema-engine.js';
import type { MigrationList } from '@prisma/schema-engine-wasm';

/** Inputs of `migrate.ts dev`. */
export interface DevOptions {
  target: DatabaseTarget;
  schemaPath: string;
  migrationsDir: string;
  /** Required; validated here so that a missing one is a usage error. */
  name?: string;
  /** Create the migration even when the engine warns it drops data. Default false. */
  acceptDataLoss?: boolean;
}

/**
 * Asks the engine whether the dev database follows the migrations; fails unless it does.
 *
 * Also required before evaluateDataLoss/createMigration: in the WASM engine (7.10) those
 * only find the adapter's shadow-database factory after a devDiagnostic, and an
 * applyMigrations in between loses it again ("PostgreSQL shadow DB must be provided
 * through an external factory"). So: apply, then diagnose, then create.
 */
async function diagnose(engine: SchemaEngine, migrationsList: MigrationList, target: DatabaseTarget): Promise<void> {
  const { action } = await engine.devDiagnostic({ migrationsList, filters: NO_FILTER });
  if (action.tag === 'reset') {
    throw new DbScriptError(
      `${target.label} does not match the migrations (${action.reason.split('\n')[0]}); drop it and run \`npm run db:setup\``,
    );
  }
}

/**
 * `prisma migrate dev` without the CLI: applies pending migrations to the dev database,
 * checks it follows the migrations, asks the engine for the migration from the migrations
 * (replayed in a shadow database) to the schema, writes it as the next folder, applies it.
 */
export async function dev(options: DevOptions): Promise<string> {
  const name = assertMigrationName(options.name);
  const { target, migrationsDir } = options;
  await assertReachable(target);
  const schema = await readSchema(options.schemaPath);
  const migrationsList = await listMigrations(migrationsDir);
  assertPostgresLockfile(migrationsList);
  const noChanges = `no changes: ${schema.path} matches the migrations; nothing written`;

  return await withSchemaEngine(target, async (engine) => {
    await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
    await diagnose(engine, migrationsList, target);

    const loss = await engine.evaluateDataLoss({ migrationsList, schema: { files: [schema] }, filters: NO_FILTER });
    if (loss.migrationSteps === 0) return noChanges;
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
    if (created.migrationScript === null) return noChanges;
    const folder = await writeMigration(migrationsDir, created.generatedMigrationName, created.migrationScript);
    await engine.applyMigrations({ migrationsList: await listMigrations(migrationsDir), filters: NO_FILTER });
    return `wrote ${relative(process.cwd(), folder)}/migration.sql and applied it to ${target.label}`;
  });
}
