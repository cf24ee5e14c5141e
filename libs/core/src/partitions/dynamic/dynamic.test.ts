import { describe, expect, it } from 'vitest';
import { dynamicPartitionsDefinition } from '../definitions.js';
import { InvalidPartitionsDefinitionError, MissingDynamicPartitionsError, PartitionKeyNotFoundError, PartitionsSubsetMismatchError } from '../errors.js';
import { partitionsSubsetFromJSON } from '../json/from-json.js';

describe('dynamic partitions', () => {
  const customers = dynamicPartitionsDefinition('customers');
  const context = { now: new Date(), dynamicPartitions: new Map([['customers', ['acme', 'globex', 'initech']]]) };

  it('take their keys from the context, in insertion order', () => {
    expect(customers.allKeys(context)).toEqual(['acme', 'globex', 'initech']);
    expect(customers.count(context)).toBe(3);
    expect(customers.hasKey('globex', context)).toBe(true);
    expect(customers.hasKey('umbrella', context)).toBe(false);
    expect(customers.lastKey(context)).toBe('initech');
    expect(customers.keysInRange({ start: 'globex', end: 'initech' }, context)).toEqual(['globex', 'initech']);
    expect(customers.allSubset(context).count()).toBe(3);
  });

  it('say which keys are missing from the context', () => {
    expect(() => customers.allKeys({ now: new Date() })).toThrow(MissingDynamicPartitionsError);
    expect(() => customers.count({ now: new Date(), dynamicPartitions: new Map() })).toThrow(/"customers" were not supplied/);
  });

  it('validate the name', () => {
    expect(() => dynamicPartitionsDefinition('')).toThrow(InvalidPartitionsDefinitionError);
    expect(() => dynamicPartitionsDefinition('a|b')).toThrow(/contains "\|"/);
  });

  it('hold subsets as key sets', () => {
    const a = customers.subsetWithKeys(['acme', 'globex']);
    const b = customers.subsetWithKeys(['globex', 'hooli']);
    expect(a.union(b).keys()).toEqual(['acme', 'globex', 'hooli']);
    expect(a.intersection(b).keys()).toEqual(['globex']);
    expect(a.difference(b).keys()).toEqual(['acme']);
    expect(a.union(b).restrictedTo(customers.allKeys(context)).keys()).toEqual(['acme', 'globex']);
    expect(() => customers.subsetWithKeys(['x,y'])).toThrow(PartitionKeyNotFoundError);
    expect(() => a.union(dynamicPartitionsDefinition('vendors').emptySubset())).toThrow(PartitionsSubsetMismatchError);
    expect(partitionsSubsetFromJSON(customers, a.toJSON()).keys()).toEqual(['acme', 'globex']);
  });
});
