import type { ResourceDefinition, ResourceInstance } from '../resources/resource.js';

/** A value or a promise of it. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Resources a definition needs, by key: `resources: { db: database }`. The key is what
 * `defineDefinitions({ resources })` must bind; the definition given here only types the
 * instance (`context.resources.db`) — the one bound in the Definitions is used at run time.
 */
export type ResourcesShape = Readonly<Record<string, ResourceDefinition<any, any, any>>>; // eslint-disable-line @typescript-eslint/no-explicit-any -- any config/dep types

/** Instances of a {@link ResourcesShape}, as `context.resources` holds them. */
export type ResourceInstances<R> = { readonly [K in keyof R]: ResourceInstance<R[K]> };

/** Sorted resource keys of a resources option. */
export function resourceKeysOf(resources: Readonly<Record<string, unknown>> | undefined): string[] {
  return resources === undefined ? [] : Object.keys(resources).sort();
}
