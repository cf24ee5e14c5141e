import { describe, expect, it } from 'vitest';
import {
  InvalidAssetKeyError,
  assertAssetKey,
  assetKeysEqual,
  compareAssetKeys,
  findAssetKeyProblem,
  formatAssetKey,
  isValidAssetKeyPart,
  parseAssetKey,
} from './asset-key.js';

describe('asset keys', () => {
  it('parse from and format to user strings', () => {
    expect(parseAssetKey('raw/customers')).toEqual(['raw', 'customers']);
    expect(parseAssetKey('orders')).toEqual(['orders']);
    expect(formatAssetKey(['raw', 'customers'])).toBe('raw/customers');
    expect(formatAssetKey('raw/customers')).toBe('raw/customers');
    expect(formatAssetKey(parseAssetKey('a/b-c/d_1'))).toBe('a/b-c/d_1');
  });

  it('accept letters, digits, "_" and "-" in parts', () => {
    for (const part of ['a', 'A1', '_x', 'dbt-model', '2024_sales']) expect(isValidAssetKeyPart(part)).toBe(true);
    for (const part of ['', 'a/b', 'a b', 'a.b', 'é', 'a*']) expect(isValidAssetKeyPart(part)).toBe(false);
  });

  it('name the bad part in the error', () => {
    expect(() => parseAssetKey('raw/cust omers')).toThrow(InvalidAssetKeyError);
    expect(() => parseAssetKey('raw/cust omers')).toThrow('invalid asset key raw/cust omers: part "cust omers" may contain only');
    expect(() => parseAssetKey('raw//customers')).toThrow('a part is empty');
    expect(() => parseAssetKey('')).toThrow('a part is empty');
    expect(() => assertAssetKey([])).toThrow('an asset key has at least one part');
    expect(() => assertAssetKey(['a/b'])).toThrow('invalid asset key ["a/b"]: part "a/b"');
    try {
      parseAssetKey('ok/bad.part');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidAssetKeyError);
      expect((error as InvalidAssetKeyError).invalid.part).toBe('bad.part');
      expect((error as InvalidAssetKeyError).code).toBe('VALIDATION_FAILED');
    }
  });

  it('report problems without throwing', () => {
    expect(findAssetKeyProblem(['a', 'b'])).toBeUndefined();
    expect(findAssetKeyProblem(['a', 'x y'])).toMatchObject({ part: 'x y' });
  });

  it('compare by user string, in code-unit order', () => {
    expect(assetKeysEqual(['a', 'b'], ['a', 'b'])).toBe(true);
    expect(assetKeysEqual(['a', 'b'], ['a'])).toBe(false);
    expect(assetKeysEqual(['a', 'b'], ['a', 'c'])).toBe(false);
    const sorted = [['b'], ['a', 'z'], ['a_b'], ['B'], ['a-b']].sort(compareAssetKeys).map((k) => formatAssetKey(k));
    expect(sorted).toEqual(['B', 'a-b', 'a/z', 'a_b', 'b']);
    expect(compareAssetKeys('a', ['a'])).toBe(0);
  });
});
