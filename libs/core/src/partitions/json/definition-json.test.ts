import { describe, expect, it } from 'vitest';
import {
  dailyPartitionsDefinition,
  dynamicPartitionsDefinition,
  hourlyPartitionsDefinition,
  multiPartitionsDefinition,
  staticPartitionsDefinition,
  timeWindowPartitionsDefinition,
} from '../definitions.js';
import { InvalidPartitionsDefinitionError } from '../errors.js';
import type { PartitionsDefinition } from '../types.js';
import { partitionsDefinitionJSONSchema } from './definition-json.js';
import { partitionsDefinitionFromJSON, partitionsDefinitionToJSON } from './from-json.js';

const context = { now: new Date('2024-03-15T00:00:00Z'), dynamicPartitions: new Map([['files', ['a.csv', 'b.csv']]]) };

const definitions: [string, PartitionsDefinition][] = [
  ['hourly in Lord Howe', hourlyPartitionsDefinition({ start: '2024-03-01-00:00', timezone: 'Australia/Lord_Howe', minuteOffset: 30, endOffset: 1 })],
  ['daily with an end', dailyPartitionsDefinition({ start: '2024-01-01', end: '2024-02-01', fmt: '%Y%m%d' })],
  ['cron', timeWindowPartitionsDefinition({ cron: '0 9 * * 1-5', start: '2024-01-01', timezone: 'Europe/Berlin', endOffset: -1 })],
  ['static', staticPartitionsDefinition(['eu', 'us'])],
  ['dynamic', dynamicPartitionsDefinition('files')],
  ['multi', multiPartitionsDefinition({ region: staticPartitionsDefinition(['eu', 'us']), day: dailyPartitionsDefinition({ start: '2024-03-01' }) })],
];

describe('definition JSON', () => {
  it.each(definitions)('%s rebuilds from its JSON with the same keys', (_, definition) => {
    const json = JSON.parse(JSON.stringify(partitionsDefinitionToJSON(definition)));
    expect(partitionsDefinitionJSONSchema.parse(json)).toEqual(json);
    const rebuilt = partitionsDefinitionFromJSON(json);
    expect(rebuilt.toJSON()).toEqual(json);
    expect(rebuilt.equals(definition)).toBe(true);
    expect(rebuilt.allKeys(context)).toEqual(definition.allKeys(context));
  });

  it('has a stable shape', () => {
    expect(dailyPartitionsDefinition({ start: '2024-01-01', timezone: 'America/New_York' }).toJSON()).toEqual({
      kind: 'time-window',
      cron: '0 0 * * *',
      timezone: 'America/New_York',
      start: '2024-01-01T05:00:00.000Z',
      fmt: '%Y-%m-%d',
      endOffset: 0,
    });
    expect(multiPartitionsDefinition({ b: dynamicPartitionsDefinition('x'), a: staticPartitionsDefinition(['k']) }).toJSON()).toEqual({
      kind: 'multi',
      dimensions: [
        { name: 'a', definition: { kind: 'static', keys: ['k'] } },
        { name: 'b', definition: { kind: 'dynamic', name: 'x' } },
      ],
    });
  });

  it('rejects malformed JSON with the path of the problem', () => {
    expect(() => partitionsDefinitionFromJSON({ kind: 'static' })).toThrow(InvalidPartitionsDefinitionError);
    expect(() => partitionsDefinitionFromJSON({ kind: 'time-window', cron: '0 0 * * *', timezone: 'UTC', start: 'soon', fmt: '%Y', endOffset: 0 })).toThrow(/json: start/);
    expect(() => partitionsDefinitionFromJSON({ kind: 'spiral' })).toThrow(/json/);
    expect(() => partitionsDefinitionFromJSON({ kind: 'static', keys: ['a', 'a'] })).toThrow(/"a" is duplicated/);
  });
});
