import { z } from 'zod';
import { describeValue } from './describe-value.js';
import { text } from './fields.js';

const MODULE_PATH = /\.(ts|mts|cts|js|mjs|cjs)$/;
const PACKAGE_NAME = /^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;
// A location name is a NATS subject token (orrery.launch.<location>).
const LOCATION_NAME = /^[A-Za-z0-9_-]+$/;
// File names that say nothing about the project: the name comes from a directory above.
const GENERIC_FILES = new Set(['index', 'definitions', 'defs', 'main']);
const GENERIC_DIRS = new Set(['src', 'dist', 'lib', 'build', 'out', '.', '..', '']);

const codeLocationEntrySchema = z
  .strictObject({
    module: text()
      .regex(MODULE_PATH, {
        error: (issue) => `expected a path to a .ts, .mts, .cts, .js, .mjs or .cjs file, got ${describeValue(issue.input)}`,
      })
      .optional()
      .describe('Path of the TypeScript/JavaScript file that exports the definitions, relative to workspace.yaml (Dagster\'s python_file).'),
    package: text()
      .regex(PACKAGE_NAME, { error: (issue) => `expected an npm package name, got ${describeValue(issue.input)}` })
      .optional()
      .describe('npm package whose main export holds the definitions (Dagster\'s python_package / python_module).'),
    location_name: text()
      .regex(LOCATION_NAME, {
        error: (issue) => `expected letters, digits, "_" and "-" only (it is a NATS subject token), got ${describeValue(issue.input)}`,
      })
      .optional()
      .describe('Name of the code location. Default: derived from the module path or package name.'),
    working_directory: text()
      .optional()
      .describe('Working directory of the user code, relative to workspace.yaml. Default: the directory holding workspace.yaml.'),
  })
  .superRefine((entry, ctx) => {
    if ((entry.module === undefined) === (entry.package === undefined)) {
      ctx.addIssue({ code: 'custom', path: [], message: 'set exactly one of "module" or "package"' });
    } else if (entry.location_name === undefined && deriveLocationName(entry) === '') {
      ctx.addIssue({ code: 'custom', path: ['location_name'], message: 'required: no name can be derived from the module path' });
    }
  })
  .transform((entry): CodeLocationConfig => {
    const locationName = entry.location_name ?? deriveLocationName(entry);
    const workingDirectory = entry.working_directory;
    return entry.module !== undefined
      ? { kind: 'module', module: entry.module, locationName, workingDirectory }
      : { kind: 'package', package: entry.package ?? '', locationName, workingDirectory };
  })
  .describe('A code location: a module path or a package.');

/**
 * The default location name: the package name, or the module's file name, or for a
 * generic file name (`src/definitions.ts`) the nearest meaningful directory above it;
 * characters other than letters and digits become `_`. Empty when nothing fits.
 */
export function deriveLocationName(entry: { module?: string | undefined; package?: string | undefined }): string {
  if (entry.package !== undefined) return sanitize(entry.package.replace(/^@/, ''));
  const parts = (entry.module ?? '').split(/[\\/]/);
  const file = (parts.pop() ?? '').replace(MODULE_PATH, '');
  if (!GENERIC_FILES.has(file)) return sanitize(file);
  const dir = parts.reverse().find((part) => !GENERIC_DIRS.has(part));
  return sanitize(dir ?? file);
}

function sanitize(name: string): string {
  return name.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

/** `workspace.yaml`: the code locations the executor hosts and the other services know. */
export const workspaceConfigSchema = z
  .strictObject({
    load_from: z
      .array(codeLocationEntrySchema, {
        error: (issue) =>
          issue.input === undefined ? 'required: a list of code locations' : `expected a list of code locations, got ${describeValue(issue.input)}`,
      })
      .min(1, { error: 'must list at least one code location' })
      .describe('The code locations, each { module } or { package }.'),
  })
  .superRefine((config, ctx) => {
    const firstIndex = new Map<string, number>();
    config.load_from.forEach((location, index) => {
      // An entry with its own (continuable) issue was not transformed and has no name yet.
      if (typeof location.locationName !== 'string') return;
      const first = firstIndex.get(location.locationName);
      if (first === undefined) {
        firstIndex.set(location.locationName, index);
        return;
      }
      ctx.addIssue({
        code: 'custom',
        path: ['load_from', index, 'location_name'],
        message: `duplicate location name "${location.locationName}" (also used by load_from[${first}]); set a distinct location_name`,
      });
    });
  })
  .transform((config): WorkspaceConfig => ({ loadFrom: config.load_from }))
  .describe('workspace.yaml: where the code locations are.');

/** One code location of `workspace.yaml`; `kind` says which of `module`/`package` is set. */
export type CodeLocationConfig =
  | {
      readonly kind: 'module';
      /** Path of the definitions file as written (relative to workspace.yaml). */
      readonly module: string;
      /** Name of the location, explicit or derived ({@link deriveLocationName}); unique. */
      readonly locationName: string;
      /** As written; unset = the directory holding workspace.yaml. */
      readonly workingDirectory: string | undefined;
    }
  | {
      readonly kind: 'package';
      /** npm package name. */
      readonly package: string;
      readonly locationName: string;
      readonly workingDirectory: string | undefined;
    };

/** Parsed `workspace.yaml`. */
export interface WorkspaceConfig {
  /** At least one location; names are unique. */
  readonly loadFrom: readonly CodeLocationConfig[];
}
