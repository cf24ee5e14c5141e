import { resolveReferences, type EnvMap } from './env-var.js';
import { ResourceConfigError } from './resource.js';

/**
 * Config values with every `env('NAME')` replaced from `envMap` (the executor injects its
 * environment; the SDK never reads it) and every `secret()` revealed. Throws
 * {@link ResourceConfigError} naming every missing variable. No schema validation: use
 * `ResourceDefinition.resolveConfig(envMap)` for resolve-and-parse.
 */
export function resolveResourceConfig(values: unknown, envMap: EnvMap, resourceKey = '(resource)'): unknown {
  const { value, missing } = resolveReferences(values, envMap);
  if (missing.length > 0) throw new ResourceConfigError({ resource: resourceKey, missingEnv: missing, issues: [] });
  return value;
}
