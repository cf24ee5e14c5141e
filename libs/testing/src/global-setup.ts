import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import './provided-context.js';
import { discoverTestInfrastructure, type TestInfrastructure } from './services-discovery.js';
import { ensureTemplateDatabase } from './template-database.js';

const workspaceRoot = join(import.meta.dirname, '..', '..', '..');

interface PreparedInfrastructure {
  infrastructure: TestInfrastructure;
  templateDatabase: string;
}

// vitest calls a root globalSetup once per project (15 here). The work — and any embedded
// Postgres or nats-server it starts — must happen once per process, so it is kept here.
const shared = globalThis as { orreryTestInfrastructure?: Promise<PreparedInfrastructure> };

async function prepare(): Promise<PreparedInfrastructure> {
  const infrastructure = await discoverTestInfrastructure(process.env);
  const templateDatabase = await ensureTemplateDatabase(infrastructure.postgresAdminUrl, workspaceRoot);
  console.log(
    `[orrery tests] Postgres ${new URL(infrastructure.postgresAdminUrl).host} (template ${templateDatabase}), NATS ${infrastructure.natsUrl}`,
  );
  return { infrastructure, templateDatabase };
}

/**
 * Finds (or starts) Postgres and NATS, migrates the template database, and hands their
 * coordinates to the test files. The first call's teardown stops what was started.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const isFirst = shared.orreryTestInfrastructure === undefined;
  shared.orreryTestInfrastructure ??= prepare();
  const { infrastructure, templateDatabase } = await shared.orreryTestInfrastructure;
  project.provide('postgresAdminUrl', infrastructure.postgresAdminUrl);
  project.provide('templateDatabase', templateDatabase);
  project.provide('natsUrl', infrastructure.natsUrl);
  return isFirst ? infrastructure.stop : undefined;
}
