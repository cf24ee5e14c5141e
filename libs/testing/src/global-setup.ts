import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import './provided-context.js';
import { discoverTestInfrastructure } from './services-discovery.js';
import { ensureTemplateDatabase } from './template-database.js';

const workspaceRoot = join(import.meta.dirname, '..', '..', '..');

/**
 * Runs once per `vitest` invocation: finds (or starts) Postgres and NATS, migrates the
 * template database, and hands their coordinates to the test files.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const infrastructure = await discoverTestInfrastructure(process.env);
  const templateDatabase = await ensureTemplateDatabase(infrastructure.postgresAdminUrl, workspaceRoot);
  project.provide('postgresAdminUrl', infrastructure.postgresAdminUrl);
  project.provide('templateDatabase', templateDatabase);
  project.provide('natsUrl', infrastructure.natsUrl);
  console.log(
    `[orrery tests] Postgres ${new URL(infrastructure.postgresAdminUrl).host} (template ${templateDatabase}), NATS ${infrastructure.natsUrl}`,
  );
  return infrastructure.stop;
}
