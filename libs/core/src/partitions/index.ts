// Public API of partitions: definitions (time windows, static, dynamic, multi), key ranges,
// subsets, mappings and their JSON forms. Pure domain code: time comes in as `now`, dynamic
// keys as a lookup; nothing here reads the clock or does I/O.

export type {
  DynamicPartitionKeysLookup,
  PartitionKeyRange,
  PartitionsContext,
  PartitionsDefinition,
  PartitionsDefinitionKind,
  PartitionsSubset,
  SinglePartitionsDefinition,
} from './types.js';
export {
  InvalidPartitionKeyRangeError,
  InvalidPartitionKeysError,
  InvalidPartitionsDefinitionError,
  IncompatiblePartitionMappingError,
  MissingDynamicPartitionsError,
  PartitionKeyNotFoundError,
  PartitionsSubsetMismatchError,
} from './errors.js';
export type { IncompatiblePartitionMappingDetails, InvalidPartitionsDefinitionDetails, PartitionKeyProblem } from './errors.js';
export {
  FORBIDDEN_PARTITION_KEY_SUBSTRINGS,
  MULTI_PARTITION_KEY_DELIMITER,
  assertValidPartitionKeys,
  findPartitionKeyProblem,
  findPartitionKeysProblems,
} from './partition-key.js';
export {
  dailyPartitionsDefinition,
  dynamicPartitionsDefinition,
  hourlyPartitionsDefinition,
  monthlyPartitionsDefinition,
  multiPartitionsDefinition,
  staticPartitionsDefinition,
  timeWindowPartitionsDefinition,
  weeklyPartitionsDefinition,
} from './definitions.js';
export { TimeWindowPartitionsDefinition } from './time-window/time-window-definition.js';
export type { PartitionTimeWindow } from './time-window/time-window-definition.js';
export { TimeWindowPartitionsSubset } from './time-window/time-window-subset.js';
export { DEFAULT_DATE_FORMAT, DEFAULT_HOURLY_FORMAT } from './time-window/time-window-options.js';
export type {
  CronPartitionsOptions,
  DailyPartitionsOptions,
  HourlyPartitionsOptions,
  MonthlyPartitionsOptions,
  PartitionScheduleType,
  TimeWindowCommonOptions,
  WeeklyPartitionsOptions,
} from './time-window/time-window-options.js';
export { StaticPartitionsDefinition } from './static/static-definition.js';
export { StaticPartitionsSubset } from './static/static-subset.js';
export { DynamicPartitionsDefinition } from './dynamic/dynamic-definition.js';
export { DynamicPartitionsSubset } from './dynamic/dynamic-subset.js';
export { MultiPartitionsDefinition } from './multi/multi-definition.js';
export type { PartitionDimension } from './multi/multi-definition.js';
export { MultiPartitionKey } from './multi/multi-partition-key.js';
export { MultiPartitionsSubset } from './multi/multi-subset.js';
export { getPartitionKeysInRange, partitionKeyRange } from './key-range.js';
export {
  partitionsDefinitionFromJSON,
  partitionsDefinitionToJSON,
  partitionsSubsetFromJSON,
  partitionsSubsetToJSON,
} from './json/from-json.js';
export { partitionsDefinitionJSONSchema } from './json/definition-json.js';
export type {
  DynamicPartitionsDefinitionJSON,
  MultiPartitionsDefinitionJSON,
  PartitionsDefinitionJSON,
  SinglePartitionsDefinitionJSON,
  StaticPartitionsDefinitionJSON,
  TimeWindowPartitionsDefinitionJSON,
} from './json/definition-json.js';
export { partitionsSubsetJSONSchema } from './json/subset-json.js';
export type { PartitionsSubsetJSON } from './json/subset-json.js';
export {
  allPartitionMapping,
  identityPartitionMapping,
  lastPartitionMapping,
  multiToSingleDimensionPartitionMapping,
  partitionMappingFromJSON,
  partitionMappingJSONSchema,
  partitionMappingToJSON,
  specificPartitionsPartitionMapping,
  staticPartitionMapping,
  timeWindowPartitionMapping,
} from './mappings/partition-mapping.js';
export type {
  AllPartitionMapping,
  IdentityPartitionMapping,
  LastPartitionMapping,
  MultiToSingleDimensionPartitionMapping,
  PartitionMapping,
  PartitionMappingJSON,
  SpecificPartitionsPartitionMapping,
  StaticPartitionMapping,
  TimeWindowPartitionMapping,
} from './mappings/partition-mapping.js';
export { validatePartitionMapping } from './mappings/validate-mapping.js';
export { defaultPartitionMapping } from './mappings/default-mapping.js';
export { mapDownstreamToUpstream, mapUpstreamToDownstream } from './mappings/map-partitions.js';
export type { DownstreamToUpstreamInput, UpstreamPartitionsResult, UpstreamToDownstreamInput } from './mappings/map-partitions.js';
