import { describe, expect, it } from 'vitest';
import { asset } from '@orrery/sdk';
import { materialize } from '../materialize.js';

describe('context.instance', () => {
  it('records dynamic-partition changes as ENGINE_EVENTs of the step, in call order', async () => {
    const discover = asset({ key: 'discover' }, (context) => {
      context.instance.addDynamicPartitions('files', ['a.csv', 'b.csv']);
      context.instance.deleteDynamicPartitions('files', ['old.csv']);
      return 2;
    });
    const result = await materialize([discover]);
    expect(result.success).toBe(true);
    const requests = result.eventsOfType('ENGINE_EVENT').filter((event) => event.data?.['dynamicPartitionsRequest'] !== undefined);
    expect(requests.map((event) => [event.stepKey, event.data?.['dynamicPartitionsRequest']])).toEqual([
      ['discover', { type: 'add', partitionsDefName: 'files', partitionKeys: ['a.csv', 'b.csv'] }],
      ['discover', { type: 'delete', partitionsDefName: 'files', partitionKeys: ['old.csv'] }],
    ]);
    expect(requests[0]?.message).toBe('added 2 partition key(s) of dynamic partitions files');
  });
});
