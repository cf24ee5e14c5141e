import { partitionMappingToJSON, partitionsDefinitionToJSON, type PartitionMappingJSON, type PartitionsDefinitionJSON } from '@orrery/core';
import type { PartitionMapping, PartitionsDefinition } from '../internal/core-adapter.js';

/** The stored JSON form of a partitions definition (core's). */
export function partitionsToJson(definition: PartitionsDefinition): PartitionsDefinitionJSON {
  return partitionsDefinitionToJSON(definition);
}

/** The stored JSON form of a partition mapping (core's). */
export function partitionMappingToJson(mapping: PartitionMapping): PartitionMappingJSON {
  return partitionMappingToJSON(mapping);
}
