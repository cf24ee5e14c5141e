import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Definitions } from '@orrery/sdk';
import type { ResolvedCodeLocationConfig } from '@orrery/platform';

/** The module of a code location exports no definitions. */
export class NoDefinitionsExportedError extends Error {
  override readonly name = 'NoDefinitionsExportedError';
  constructor(readonly source: string, exported: readonly string[]) {
    super(
      `${source} exports no definitions: export the result of defineDefinitions() as default, "definitions" or "defs" ` +
        `(it exports: ${exported.length > 0 ? exported.join(', ') : 'nothing'})`,
    );
  }
}

const TYPESCRIPT = /\.(ts|mts|cts)$/;
const EXPORT_NAMES = ['default', 'definitions', 'defs'] as const;
let typescriptLoader: Promise<unknown> | undefined;

/**
 * Registers tsx's loader once per process, and only when a location is TypeScript source
 * (development); images load compiled JavaScript and never pay for it. One process-wide
 * registration (not a namespaced `tsImport`) keeps one module graph, so user code and the
 * executor share the same @orrery/sdk instance.
 */
async function ensureTypescriptLoader(): Promise<void> {
  typescriptLoader ??= import('tsx/esm/api').then((tsx) => tsx.register());
  await typescriptLoader;
}

/** Where a location's module is: an absolute file, or a package resolved from its working directory. */
export function locationEntry(location: ResolvedCodeLocationConfig): string {
  if (location.kind === 'module') return location.module;
  return createRequire(join(location.workingDirectory, 'package.json')).resolve(location.package);
}

/**
 * Imports a code location and returns its definitions: the module's default export, or its
 * `definitions` / `defs` export, which must be the result of `defineDefinitions()`. Throws
 * what the user's module throws (a DefinitionsError lists every problem), or
 * {@link NoDefinitionsExportedError}.
 */
export async function loadDefinitions(location: ResolvedCodeLocationConfig): Promise<Definitions> {
  const entry = locationEntry(location);
  if (TYPESCRIPT.test(entry)) await ensureTypescriptLoader();
  const module = (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
  for (const name of EXPORT_NAMES) {
    if (isDefinitions(module[name])) return module[name];
  }
  throw new NoDefinitionsExportedError(entry, Object.keys(module));
}

// Duck-typed rather than `instanceof`: a location may bring its own copy of @orrery/sdk.
function isDefinitions(value: unknown): value is Definitions {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Definitions>;
  return typeof candidate.snapshotId === 'string' && typeof candidate.getJob === 'function' && typeof candidate.snapshot === 'object';
}
