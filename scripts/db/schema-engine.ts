import { copyFile, mkdir, rename, stat, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import internals, { type wasm } from '@prisma/internals';
import { DbScriptError } from './errors.js';
import { MigrateAdapterFactory } from './migrate-adapter.js';
import type { DatabaseTarget } from './connection.js';

/** Prisma's schema engine compiled to WebAssembly (the engine behind `prisma migrate`). */
export type SchemaEngine = wasm.SchemaEngineWasm;

/** Entities the engine must leave alone: none, Orrery owns the whole schema. */
export const NO_FILTER = { externalTables: [], externalEnums: [] };

const require = createRequire(import.meta.url);
// @prisma/internals is CommonJS whose named exports Node cannot detect: use the default.
const { wasmSchemaEngineLoader } = internals;

/**
 * `@prisma/internals` loads the engine from `<its package>/build/schema_engine_bg.wasm`, a
 * file only the bundled Prisma CLI ships; the npm package `@prisma/schema-engine-wasm`
 * has it. Copy it there once. The copy goes through a temporary name and a rename so that
 * concurrent runs (parallel test setups) never read a half-written file.
 */
export async function ensureSchemaEngineWasm(): Promise<void> {
  const source = join(dirname(require.resolve('@prisma/schema-engine-wasm')), 'schema_engine_bg.wasm');
  const target = join(dirname(require.resolve('@prisma/internals')), '..', 'build', 'schema_engine_bg.wasm');
  const [sourceStat, targetStat] = await Promise.all([stat(source), stat(target).catch(() => undefined)]);
  if (targetStat?.size === sourceStat.size) return;
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(target), { recursive: true });
    await copyFile(source, temporary);
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new DbScriptError(`cannot place the schema engine at ${target}: ${(error as Error).message}`, { cause: error });
  }
}

/** A loaded engine bound to one database, and how to release it. */
export interface OpenEngine {
  readonly engine: SchemaEngine;
  close(): Promise<void>;
}

/**
 * Loads the WASM schema engine with the pg driver adapter for `target`. The engine connects
 * lazily; commands that need a shadow database get one from the adapter. Schemas are
 * passed per command, so the engine starts without datamodels.
 */
export async function openSchemaEngine(target: DatabaseTarget): Promise<OpenEngine> {
  await ensureSchemaEngineWasm();
  const factory = new MigrateAdapterFactory(target);
  // The engine's debug channel is chatty; keep it for DEBUG=orrery:migrate.
  const debug = process.env.DEBUG?.includes('orrery:migrate') ? (line: string) => console.error(line) : () => undefined;
  const engine = await wasmSchemaEngineLoader.loadSchemaEngine(
    { datamodels: undefined },
    debug,
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  return {
    engine,
    close: async () => {
      engine.free();
      await factory.close();
    },
  };
}

/** Opens an engine, runs `fn`, and always releases the engine and its connections. */
export async function withSchemaEngine<T>(target: DatabaseTarget, fn: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const open = await openSchemaEngine(target);
  try {
    return await fn(open.engine);
  } finally {
    await open.close();
  }
}
