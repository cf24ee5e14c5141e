import { toErrorInfo } from '@orrery/contracts';
import type { JsonObject } from '@orrery/core';
import type { EnvMap } from '@orrery/sdk';
import { emitEvent, stepLogger, type RunScope } from './run-scope.js';

/**
 * Sets up `keys` and what they depend on, dependencies first, into `scope.resources`
 * (RESOURCE_INIT_STARTED/SUCCESS/FAILURE), and returns the teardown, which releases them
 * in reverse order even after failures. Config `env()` references resolve from `env`.
 */
export async function setUpResources(scope: RunScope, keys: Iterable<string>, env: EnvMap): Promise<() => Promise<void>> {
  const order = scope.definitions.resourceInitOrder(keys);
  const ready: string[] = [];
  const log = stepLogger(scope, null);
  const teardown = async () => {
    for (const key of [...ready].reverse()) {
      const definition = scope.definitions.getResource(key);
      try {
        await definition.teardown?.(scope.resources[key], { key, log, runId: scope.runId, signal: scope.signal });
      } catch (error) {
        emitEvent(scope, 'ENGINE_EVENT', { level: 'ERROR', message: `teardown of resource ${key} failed`, data: { error: toErrorInfo(error) as unknown as JsonObject } });
      }
    }
  };
  if (order.length === 0) return teardown;
  emitEvent(scope, 'RESOURCE_INIT_STARTED', { message: `setting up resources ${order.join(', ')}`, data: { resources: order } });
  for (const key of order) {
    const definition = scope.definitions.getResource(key);
    const started = performance.now();
    try {
      const config = definition.resolveConfig(env, key);
      const deps = Object.fromEntries(definition.dependsOn.map((dep) => [dep, scope.resources[dep]]));
      scope.resources[key] = await definition.setup(config, deps, { key, log, runId: scope.runId, signal: scope.signal });
      ready.push(key);
    } catch (error) {
      emitEvent(scope, 'RESOURCE_INIT_FAILURE', {
        level: 'ERROR', message: `resource ${key} failed to set up: ${(error as Error).message}`,
        data: { resource: key, error: toErrorInfo(error) as unknown as JsonObject },
      });
      await teardown();
      throw error;
    }
    emitEvent(scope, 'RESOURCE_INIT_SUCCESS', { message: `resource ${key} ready`, data: { resource: key, durationMs: performance.now() - started } });
  }
  return teardown;
}
