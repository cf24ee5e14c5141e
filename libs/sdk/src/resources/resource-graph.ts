import type { ResourceDefinition } from './resource.js';

/** A problem of the resource dependency graph. */
export type ResourceGraphProblem =
  | { readonly type: 'unknown_dependency'; readonly resource: string; readonly dependency: string }
  /** A dependency cycle as a path whose first and last keys are equal. */
  | { readonly type: 'cycle'; readonly path: readonly string[] };

type Resources = Readonly<Record<string, Pick<ResourceDefinition, 'dependsOn'>>>;

/**
 * Unknown `dependsOn` keys and dependency cycles among `resources`, in key order. A
 * handful of resources per location: a plain depth-first search is enough here (the asset
 * graph, which can be huge, has its own algorithms in core).
 */
export function resourceGraphProblems(resources: Resources): ResourceGraphProblem[] {
  const problems: ResourceGraphProblem[] = [];
  const keys = Object.keys(resources).sort();
  for (const key of keys) {
    for (const dependency of resources[key]!.dependsOn) {
      if (!Object.hasOwn(resources, dependency)) problems.push({ type: 'unknown_dependency', resource: key, dependency });
    }
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (key: string): void => {
    state.set(key, 'visiting');
    stack.push(key);
    for (const dependency of [...resources[key]!.dependsOn].sort()) {
      if (!Object.hasOwn(resources, dependency)) continue;
      const seen = state.get(dependency);
      if (seen === 'visiting') problems.push({ type: 'cycle', path: [...stack.slice(stack.indexOf(dependency)), dependency] });
      else if (seen === undefined) visit(dependency);
    }
    stack.pop();
    state.set(key, 'done');
  };
  for (const key of keys) if (!state.has(key)) visit(key);
  return problems;
}

/**
 * The resources to set up for `required` keys, dependencies first (each before its
 * dependents; ties in key order). Unknown keys are skipped: validation reports them.
 * Tear down in the reverse order.
 */
export function resourceInitOrder(resources: Resources, required: Iterable<string>): string[] {
  const order: string[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const place = (key: string): void => {
    if (placed.has(key) || visiting.has(key) || !Object.hasOwn(resources, key)) return;
    visiting.add(key);
    for (const dependency of [...resources[key]!.dependsOn].sort()) place(dependency);
    visiting.delete(key);
    placed.add(key);
    order.push(key);
  };
  for (const key of [...new Set(required)].sort()) place(key);
  return order;
}

/** `a -> b -> a`. */
export function formatResourceCycle(path: readonly string[]): string {
  return path.join(' -> ');
}
