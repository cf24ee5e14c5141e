import { describe, expect, it } from 'vitest';
import { InvalidDefinitionError } from '../errors.js';
import { MetadataValue, ROW_COUNT_METADATA_KEY, columnSchema, metadataSchema, normalizeMetadata, rowCount } from './metadata-value.js';

describe('metadata values', () => {
  it('types raw values and keeps typed ones, sorted by key', () => {
    const metadata = normalizeMetadata({
      z: 3,
      ratio: 0.5,
      note: 'hello',
      ok: true,
      nothing: null,
      nested: { a: [1, 2] },
      link: MetadataValue.url('https://example.com/report'),
      ...rowCount(120),
    });
    expect(Object.keys(metadata)).toEqual(['link', 'nested', 'note', 'nothing', 'ok', ROW_COUNT_METADATA_KEY, 'ratio', 'z']);
    expect(metadata).toMatchObject({
      z: { type: 'int', value: 3 },
      ratio: { type: 'float', value: 0.5 },
      note: { type: 'text', value: 'hello' },
      ok: { type: 'bool', value: true },
      nothing: { type: 'null', value: null },
      nested: { type: 'json', value: { a: [1, 2] } },
      link: { type: 'url', value: 'https://example.com/report' },
      [ROW_COUNT_METADATA_KEY]: { type: 'int', value: 120 },
    });
    expect(metadataSchema.parse(metadata)).toEqual(metadata);
  });

  it('does not mistake a raw object shaped like a typed value for one', () => {
    expect(normalizeMetadata({ raw: { type: 'int', value: 'not a number' } }).raw).toEqual({
      type: 'json',
      value: { type: 'int', value: 'not a number' },
    });
  });

  it('validates constructor input', () => {
    expect(() => MetadataValue.int(1.5)).toThrow(InvalidDefinitionError);
    expect(() => MetadataValue.url('not a url')).toThrow(/absolute URL/);
    expect(() => MetadataValue.float(Number.NaN)).toThrow(/finite/);
    expect(() => rowCount(-1)).toThrow(/non-negative/);
    expect(() => MetadataValue.json({ f: () => 1 })).toThrow(/function/);
    expect(MetadataValue.timestamp(new Date(1000))).toMatchObject({ type: 'timestamp', value: 1000 });
  });

  it('builds table schemas with column defaults', () => {
    const schema = columnSchema({ columns: [{ name: 'id', type: 'int64', constraints: { nullable: false } }, { name: 'name' } as never] });
    const value = normalizeMetadata(schema)['orrery/column_schema'];
    expect(value).toEqual({
      type: 'table_schema',
      value: { columns: [{ name: 'id', type: 'int64', constraints: { nullable: false } }, { name: 'name', type: 'string' }] },
    });
    expect(() => MetadataValue.tableSchema({ columns: [{ name: '', type: 'x' }] })).toThrow(InvalidDefinitionError);
  });
});
