import { OrreryError } from '@orrery/contracts';
import type { z } from 'zod';
import type { Logger } from '../assets/context.js';
import { configToJson, resolveReferences, type ConfigValues, type EnvMap } from './env-var.js';

const resourceBrand = Symbol('orrery.resource');

/** What a resource's `setup` and `teardown` see. */
export interface ResourceInitContext {
  /** The key the resource is bound to in `defineDefinitions({ resources })`. */
  readonly key: string;
  readonly log: Logger;
  /** The run the resource is set up for; undefined outside runs (sensor/schedule evaluation). */
  readonly runId: string | undefined;
  readonly signal: AbortSignal;
}

/** The parsed config type of a resource schema (`undefined` without one). */
export type ConfigOf<C> = C extends z.ZodType ? z.output<C> : undefined;

/** Options of {@link resource}. */
export interface ResourceOptions<T, C extends z.ZodType | undefined, D extends string> {
  readonly description?: string;
  /** zod schema of the config; its values are bound with `.configured(values)`. */
  readonly config?: C;
  /**
   * Keys of other resources this one needs; their instances are passed to `setup`. They
   * are set up first and torn down after. A cycle is a definitions error.
   */
  readonly dependsOn?: readonly D[];
  /** Creates the instance, once per run (per evaluation for schedules and sensors). */
  readonly setup: (config: ConfigOf<C>, deps: Readonly<Record<D, unknown>>, context: ResourceInitContext) => T | Promise<T>;
  /** Releases the instance at the end of the run, in reverse setup order, even after failures. */
  readonly teardown?: (instance: T, context: ResourceInitContext) => void | Promise<void>;
}

/**
 * A resource (Dagster's ConfigurableResource): how to build a client or IO manager for a
 * run from config. Bind it under a key in `defineDefinitions({ resources })`; assets and
 * ops name the keys they need. Immutable: `configured()` returns a new definition.
 */
export interface ResourceDefinition<T = unknown, C extends z.ZodType | undefined = z.ZodType | undefined, D extends string = string> {
  readonly [resourceBrand]: true;
  /** `io_manager` for resources whose instance is an IOManager. */
  readonly role: 'resource' | 'io_manager';
  /** True when built from a plain value given as a resource (see {@link valueResource}). */
  readonly fromValue: boolean;
  readonly description: string | undefined;
  readonly configSchema: C;
  /** Bound config values, env references included (never resolved here). */
  readonly configValues: unknown;
  readonly dependsOn: readonly D[];
  readonly setup: ResourceOptions<T, C, D>['setup'];
  readonly teardown: ResourceOptions<T, C, D>['teardown'];
  /** A copy bound to `values`; any leaf may be `env('NAME')` or `secret(literal)`. */
  configured(values: ConfigValues<C extends z.ZodType ? z.input<C> : never>): ResourceDefinition<T, C, D>;
  /**
   * Resolves env references from `envMap` and parses with the schema. Throws
   * {@link ResourceConfigError} listing every missing variable and invalid field.
   */
  resolveConfig(envMap: EnvMap, key?: string): ConfigOf<C>;
  /** Problems of the bound values that do not depend on the environment (definitions validation). */
  checkConfig(): string[];
  /** The snapshot form of the bound values: env refs as `{ env }`, secrets hidden. */
  configJson(): unknown;
}

/** The instance type of a resource definition. */
export type ResourceInstance<R> = R extends ResourceDefinition<infer T, infer _C, infer _D> ? T : R;

/** Details of {@link ResourceConfigError}. */
export interface ResourceConfigErrorDetails {
  readonly resource: string;
  /** Environment variables referenced with env() and not set. */
  readonly missingEnv: readonly string[];
  /** Schema problems, one line each (`port: expected number`). */
  readonly issues: readonly string[];
}

/** Thrown when a resource's config cannot be resolved: missing env vars, schema failures. */
export class ResourceConfigError extends OrreryError<'VALIDATION_FAILED', ResourceConfigErrorDetails> {
  constructor(readonly problems: ResourceConfigErrorDetails) {
    const lines = [
      ...problems.missingEnv.map((name) => `environment variable ${name} is not set`),
      ...problems.issues,
    ];
    super('VALIDATION_FAILED', { message: `resource ${problems.resource} config: ${lines.join('; ')}`, details: problems });
  }
}

/** Defines a resource (see {@link ResourceDefinition}). */
export function resource<T, C extends z.ZodType | undefined = undefined, D extends string = never>(
  options: ResourceOptions<T, C, D>,
): ResourceDefinition<T, C, D> {
  return makeResource(options, 'resource', undefined);
}

/** Defines a resource whose instance is an IOManager (the `ioManager` of assets names its key). */
export function ioManagerResource<T, C extends z.ZodType | undefined = undefined, D extends string = never>(
  options: ResourceOptions<T, C, D>,
): ResourceDefinition<T, C, D> {
  return makeResource(options, 'io_manager', undefined);
}

/** True for a value built by {@link resource} or {@link ioManagerResource}. */
export function isResourceDefinition(value: unknown): value is ResourceDefinition {
  return typeof value === 'object' && value !== null && resourceBrand in value;
}

function makeResource<T, C extends z.ZodType | undefined, D extends string>(
  options: ResourceOptions<T, C, D>,
  role: 'resource' | 'io_manager',
  configValues: unknown,
  fromValue = false,
): ResourceDefinition<T, C, D> {
  const schema = options.config as C;
  const definition: ResourceDefinition<T, C, D> = {
    [resourceBrand]: true,
    role,
    fromValue,
    description: options.description,
    configSchema: schema,
    configValues,
    dependsOn: [...(options.dependsOn ?? [])],
    setup: options.setup,
    teardown: options.teardown,
    configured: (values) => makeResource(options, role, values),
    resolveConfig(envMap, key = '(resource)') {
      const { value, missing } = resolveReferences(configValues, envMap);
      if (schema === undefined) {
        if (missing.length > 0) throw new ResourceConfigError({ resource: key, missingEnv: missing, issues: [] });
        return value as ConfigOf<C>;
      }
      const parsed = schema.safeParse(value ?? {});
      const issues = parsed.success ? [] : formatIssues(parsed.error.issues);
      if (missing.length > 0 || !parsed.success) throw new ResourceConfigError({ resource: key, missingEnv: missing, issues });
      return parsed.data as ConfigOf<C>;
    },
    checkConfig() {
      if (schema === undefined) return [];
      // Env references are unknown here: drop the issues at their paths (and below).
      const { value, envPaths } = resolveReferences(configValues, {});
      const parsed = schema.safeParse(value ?? {});
      if (parsed.success) return [];
      const atEnvPath = (path: readonly PropertyKey[]) =>
        envPaths.some((envPath) => envPath.every((part, i) => path[i] === part));
      return formatIssues(parsed.error.issues.filter((issue) => !atEnvPath(issue.path)));
    },
    configJson: () => (configValues === undefined ? undefined : configToJson(configValues)),
  };
  return Object.freeze(definition);
}

function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => (issue.path.length === 0 ? issue.message : `${issue.path.join('.')}: ${issue.message}`));
}

/**
 * Wraps a plain value given as a resource (`resources: { api: new ApiClient() }`): its
 * setup returns the value itself. An object with `handleOutput` and `loadInput` is an IO manager.
 */
export function valueResource(value: unknown): ResourceDefinition {
  const isIOManager =
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { handleOutput?: unknown }).handleOutput === 'function' &&
    typeof (value as { loadInput?: unknown }).loadInput === 'function';
  return makeResource({ setup: () => value }, isIOManager ? 'io_manager' : 'resource', undefined, true) as ResourceDefinition;
}
