import { describe, expect, it } from 'vitest';
import { describeValue } from './describe-value.js';

describe('describeValue', () => {
  it.each([
    ['ten', '"ten"'],
    [5, '5'],
    [null, 'null'],
    [undefined, 'nothing'],
    [[1], 'a list'],
    [{ a: 1 }, 'a mapping'],
    ['postgres://user:secret@db:5432/orrery', '"postgres://user:***@db:5432/orrery"'],
    ['nats://localhost:4222', '"nats://localhost:4222"'],
  ])('%j → %s', (value, shown) => {
    expect(describeValue(value)).toBe(shown);
  });
});
