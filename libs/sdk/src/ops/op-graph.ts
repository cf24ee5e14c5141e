/**
 * The recorded structure of an op job: plain data, stored in snapshots. Nodes appear in
 * invocation order, so every input refers to an earlier node.
 */
export interface OpGraph {
  readonly nodes: readonly OpNode[];
}

/** One op invocation in a job. */
export interface OpNode {
  /**
   * Unique in the job: the alias (`transform`, `transform_2`, or one given with
   * `.alias()`), prefixed by enclosing graph aliases (`etl.transform`). Step keys use it.
   */
  readonly alias: string;
  /** Name of the op definition invoked. */
  readonly op: string;
  /** Where each input comes from, by input name. */
  readonly inputs: Readonly<Record<string, OpNodeInput>>;
  /**
   * Set when the node runs once per item of a dynamic output (it was invoked inside
   * `.map()`, or takes an input from such a node): the engine runs one step per mapping
   * key, `alias[mappingKey]`.
   */
  readonly mappedOver?: OutputRef;
  /** Aliases of the graphs the node was invoked in, outermost first. */
  readonly graphPath: readonly string[];
}

/** An output of a node. */
export interface OutputRef {
  readonly node: string;
  readonly output: string;
}

/**
 * Where an input comes from: one output (`output`; for a mapped node and a source in the
 * same dynamic scope, the item with the same mapping key), every item of a dynamic or
 * mapped output gathered in mapping-key order (`collect`), or several outputs gathered
 * into a list (`fan_in`).
 */
export type OpNodeInput =
  | ({ readonly kind: 'output' } & OutputRef)
  | ({ readonly kind: 'collect' } & OutputRef)
  | { readonly kind: 'fan_in'; readonly sources: readonly OutputRef[] };
