import { describe, expect, it } from 'vitest';
import { InvalidDefinitionError } from '../errors.js';
import { postgresTableName, quoteIdentifier } from './postgres-naming.js';

describe('Postgres identifiers', () => {
  it('uses the key as is when it is already a safe identifier', () => {
    expect(postgresTableName(['raw', 'orders'])).toBe('raw__orders');
    expect(postgresTableName(['orders'], 'orrery_')).toBe('orrery_orders');
  });

  it('maps anything else into the allow-list with a hash that keeps keys distinct', () => {
    const dashed = postgresTableName(['raw-data', 'Orders']);
    const underscored = postgresTableName(['raw_data', 'orders']);
    expect(dashed).toMatch(/^raw_data__orders_[0-9a-f]{8}$/);
    expect(underscored).toBe('raw_data__orders');
    expect(postgresTableName(['a__b'])).not.toBe(postgresTableName(['a', 'b']));
    expect(postgresTableName(['9lives'])).toMatch(/^_9lives_[0-9a-f]{8}$/);
    const long = postgresTableName(['x'.repeat(80)]);
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).not.toBe(postgresTableName(['x'.repeat(81)]));
  });

  it('refuses to quote anything outside the allow-list', () => {
    expect(quoteIdentifier('ok_name')).toBe('"ok_name"');
    expect(() => quoteIdentifier('a"; DROP TABLE x; --')).toThrow(InvalidDefinitionError);
    expect(() => quoteIdentifier('Upper')).toThrow(InvalidDefinitionError);
  });
});
