import type { JsonObject } from '@orrery/core';
import type { SnapshotAsset } from '@orrery/sdk';
import { acceptsEmptyObject } from './run-config-validation.js';

/**
 * JSON Schema of the run config of the implicit asset job over `assets`, in the shape the
 * SDK gives asset jobs (`{ ops: { <step>: { config } } }`, closed objects): one entry per
 * step with a config schema; an entry whose config accepts `{}` may be left out.
 */
export function implicitJobRunConfigSchema(assets: readonly SnapshotAsset[]): JsonObject {
  const steps: JsonObject = {};
  const requiredSteps: string[] = [];
  for (const asset of assets) {
    const computation = asset.computation;
    if (computation?.configSchema === undefined || Object.hasOwn(steps, computation.stepName)) continue;
    const required = !acceptsEmptyObject(computation.configSchema as JsonObject);
    steps[computation.stepName] = closedObject({ config: computation.configSchema as JsonObject }, required ? ['config'] : []);
    if (required) requiredSteps.push(computation.stepName);
  }
  const ops = closedObject(steps, requiredSteps.sort());
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', ...closedObject({ ops }, requiredSteps.length > 0 ? ['ops'] : []) };
}

function closedObject(properties: JsonObject, required: string[]): JsonObject {
  return { type: 'object', properties, required, additionalProperties: false };
}
