import { OrreryError } from '@orrery/contracts';
import type { JsonObject, JsonValue } from '@orrery/core';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';

/** One problem of a run config: the path under the request body and what is wrong there. */
export interface RunConfigIssue {
  /** `body.runConfig.ops.orders.config.limit` */
  readonly path: string;
  readonly message: string;
}

/** Thrown when a run config (with the job's defaults merged under it) fails the job's run config schema. */
export class InvalidRunConfigError extends OrreryError<'VALIDATION_FAILED', { job: string; issues: RunConfigIssue[] }> {
  constructor(
    readonly job: string,
    readonly issues: readonly RunConfigIssue[],
  ) {
    const list = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    super('VALIDATION_FAILED', { message: `invalid run config for job ${job}: ${list}`, details: { job, issues: [...issues] } });
  }
}

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module.
const addFormats = formatsModule.default;
// strict: false — schemas come from zod's toJSONSchema and may carry keywords ajv does not know.
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);

/** Compiled validators by schema object: parsed snapshots are cached, so their schemas are too. */
const compiled = new WeakMap<object, ValidateFunction>();

/** Most issues reported for one run config; the rest add noise, not help. */
const MAX_ISSUES = 10;

/**
 * The run config that a run stores: `defaults` (the job's `defaultRunConfig`) with `runConfig`
 * merged over it, object by object, validated against the job's JSON Schema. Throws
 * {@link InvalidRunConfigError} naming each failing path.
 */
export function resolveRunConfig(job: string, schema: JsonObject, defaults: JsonObject, runConfig: JsonObject): JsonObject {
  const merged = deepMerge(defaults, runConfig) as JsonObject;
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (!validate(merged)) throw new InvalidRunConfigError(job, issuesOf(validate.errors ?? []));
  return merged;
}

/** True when `schema` accepts an empty object (the config of that step may be left out). */
export function acceptsEmptyObject(schema: JsonObject): boolean {
  return ajv.validate(schema, {});
}

/** Objects merged key by key (the override wins); anything else is replaced. */
export function deepMerge(base: JsonValue | undefined, override: JsonValue | undefined): JsonValue | undefined {
  if (!isObject(base) || !isObject(override)) return override === undefined ? base : override;
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(override)) out[key] = deepMerge(base[key], value) ?? null;
  return out;
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function issuesOf(errors: readonly ErrorObject[]): RunConfigIssue[] {
  const issues = new Map<string, RunConfigIssue>();
  for (const error of errors) {
    const segments = error.instancePath.split('/').slice(1).map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
    let message = error.message ?? 'is invalid';
    if (error.keyword === 'required') segments.push(String(error.params['missingProperty']));
    if (error.keyword === 'required') message = 'is required';
    if (error.keyword === 'additionalProperties') {
      segments.push(String(error.params['additionalProperty']));
      message = 'is not a known field';
    }
    const path = ['body', 'runConfig', ...segments].join('.');
    issues.set(`${path}\u0000${message}`, { path, message });
  }
  return [...issues.values()].slice(0, MAX_ISSUES);
}
