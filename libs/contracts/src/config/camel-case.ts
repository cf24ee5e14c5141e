/** `max_concurrent_runs` → `maxConcurrentRuns`, at the type level. */
export type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

/**
 * An object type with every key camel-cased, deeply. Config files are snake_case like
 * Dagster's; the parsed config is camelCase like the rest of the TypeScript.
 */
export type CamelCaseKeys<T> = T extends readonly (infer Item)[]
  ? CamelCaseKeys<Item>[]
  : T extends object
    ? { [K in keyof T as K extends string ? CamelCase<K> : K]: CamelCaseKeys<T[K]> }
    : T;

function camelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/**
 * Camel-cases every key of plain objects, deeply. Only safe for schemas whose keys are
 * all field names: a record keyed by user data (labels, tags) would be rewritten too.
 */
export function camelCaseKeys<T>(value: T): CamelCaseKeys<T> {
  return convert(value) as CamelCaseKeys<T>;
}

function convert(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(convert);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [camelCase(key), convert(item)]));
}
