import { relative } from 'node:path';
import { assertReachable, withClient, type DatabaseTarget } from './connection.js';
import { assertPostgresLockfile, listMigrations } from './migrations-dir.js';
import { NO_FILTER, withSchemaEngine } from './schema-engine.js';

/** Where to deploy and from which folder. */
export interface DeployOptions {
  target: DatabaseTarget;
  /** Absolute path of the Prisma migrations directory. */
  migrationsDir: string;
}

/** What a deploy did. */
export interface DeployResult {
  applied: string[];
  /** All migration folders found. */
  total: number;
  summary: string;
}

/**
 * Applies the pending migrations with the schema engine's `applyMigrations`: the same
 * command `prisma migrate deploy` runs, so `_prisma_migrations` gets the same rows
 * (checksum, timestamps, applied steps) and the engine takes the same advisory lock,
 * which makes concurrent deploys to one database safe. Then records the schema version.
 */
export async function deploy({ target, migrationsDir }: DeployOptions): Promise<DeployResult> {
  await assertReachable(target);
  const migrationsList = await listMigrations(migrationsDir);
  assertPostgresLockfile(migrationsList);
  const total = migrationsList.migrationDirectories.length;
  const shownDir = relative(process.cwd(), migrationsDir) || '.';
  if (total === 0) {
    return { applied: [], total, summary: `no migrations in ${shownDir}; nothing to apply to ${target.label}` };
  }
  const { appliedMigrationNames } = await withSchemaEngine(target, (engine) =>
    engine.applyMigrations({ migrationsList, filters: NO_FILTER }),
  );
  const latest = migrationsList.migrationDirectories.at(-1)!.path;
  await recordInstanceInfo(target, latest);
  const summary =
    appliedMigrationNames.length === 0
      ? `${target.label} is up to date (${total} migration${total === 1 ? '' : 's'}); nothing applied`
      : `applied ${appliedMigrationNames.length} migration${appliedMigrationNames.length === 1 ? '' : 's'} to ${target.label}: ${appliedMigrationNames.join(', ')}`;
  return { applied: appliedMigrationNames, total, summary };
}

/**
 * Keeps `instance_info` (one row) naming the last migration. The instance id is drawn once
 * and never changes; the row is only written when the version differs, so a repeated
 * deploy changes nothing. Skipped when the migrations do not create the table.
 */
async function recordInstanceInfo(target: DatabaseTarget, schemaVersion: string): Promise<void> {
  await withClient(target, async (client) => {
    const { rows } = await client.query<{ exists: boolean }>(`SELECT to_regclass('instance_info') IS NOT NULL AS exists`);
    if (!rows[0]?.exists) return;
    await client.query(
      `INSERT INTO instance_info (id, instance_id, schema_version)
       VALUES (1, gen_random_uuid(), $1)
       ON CONFLICT (id) DO UPDATE SET schema_version = EXCLUDED.schema_version, update_time = now()
       WHERE instance_info.schema_version IS DISTINCT FROM EXCLUDED.schema_version`,
      [schemaVersion],
    );
  });
}
