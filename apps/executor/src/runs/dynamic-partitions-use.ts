import type { Definitions } from '@orrery/sdk';

const uses = new WeakMap<Definitions, boolean>();

/**
 * Whether any partitions definition of the location is dynamic (alone or as a dimension):
 * only then does an attempt need the `dynamic_partitions` table read before it starts.
 */
export function usesDynamicPartitions(definitions: Definitions): boolean {
  let known = uses.get(definitions);
  if (known === undefined) {
    known = definitions.snapshot.partitionsDefinitions.some(function dynamic(definition: { kind: string; dimensions?: readonly { definition: { kind: string } }[] }): boolean {
      return definition.kind === 'dynamic' || (definition.dimensions ?? []).some((dimension) => dynamic(dimension.definition));
    });
    uses.set(definitions, known);
  }
  return known;
}
