import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine as WasmSchemaEngine } from '@prisma/schema-engine-wasm';
import { MigrateAdapterFactory } from './migrate-adapter.js';
import type { DatabaseTarget } from './connection.js';

/** Prisma's schema engine compiled to WebAssembly (the engine behind `prisma migrate`). */
export type SchemaEngine = WasmSchemaEngine;

/** Entities the engine must leave alone: none, Orrery owns the whole schema. */
export const NO_FILTER = { externalTables: [], externalEnums: [] };

const require = createRequire(import.meta.url);

/** The wasm-bindgen glue module of @prisma/schema-engine-wasm, as the loader uses it. */
interface EngineBindings {
  __wbg_set_wasm(exports: Record<string, unknown>): void;
  SchemaEngine: typeof WasmSchemaEngine;
}

/** The part of the WebAssembly global we use (the ES2023 lib without DOM does not type it). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, unknown>) => { exports: Record<string, unknown> };
}
const { Module, Instance } = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

let engineClass: Promise<typeof WasmSchemaEngine> | undefined;

/**
 * Instantiates the engine's WebAssembly module once per process, the way
 * @prisma/internals' `wasmSchemaEngineLoader` does, but reading the .wasm from the
 * `@prisma/schema-engine-wasm` package itself. The internals loader insists on
 * `@prisma/internals/build/schema_engine_bg.wasm`, a file only the bundled CLI ships;
 * copying it there means writing into node_modules at run time, which fails in the
 * `migrate` image (root-owned /app, USER node) and races between parallel test setups.
 */
async function loadEngineClass(): Promise<typeof WasmSchemaEngine> {
  const packageDir = dirname(require.resolve('@prisma/schema-engine-wasm'));
  const bindings = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as unknown as EngineBindings;
  const module = new Module(await readFile(join(packageDir, 'schema_engine_bg.wasm')));
  const instance = new Instance(module, { './schema_engine_bg.js': bindings });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return bindings.SchemaEngine;
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
  engineClass ??= loadEngineClass();
  const factory = new MigrateAdapterFactory(target);
  // The engine's log channel is chatty JSON; keep it for DEBUG=orrery:migrate.
  const log = process.env.DEBUG?.includes('orrery:migrate') ? (line: string) => console.error(line) : () => undefined;
  // The binding gives the engine an error registry, so driver errors (a Postgres error in a
  // migration) come back to us as the engine's typed errors.
  const engine = await (await engineClass).new({ datamodels: undefined }, log, bindMigrationAwareSqlAdapterFactory(factory));
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
