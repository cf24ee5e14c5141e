import { describe, expect, it } from 'vitest';
import { interpolateEnv } from './interpolate.js';

describe('interpolateEnv', () => {
  it('replaces references in nested string values and leaves keys and other scalars alone', () => {
    const result = interpolateEnv({ '${KEY}': ['${A}-${B:-b}', 3, true, null] }, { A: 'a', KEY: 'k' });
    expect(result).toEqual({ value: { '${KEY}': ['a-b', 3, true, null] }, problems: [] });
  });

  it('uses the default when the variable is unset or empty, and allows an empty default', () => {
    const { value } = interpolateEnv(['${UNSET:-x}', '${EMPTY:-y}', '${SET:-z}', 'v${UNSET:-}v'], { EMPTY: '', SET: 's' });
    expect(value).toEqual(['x', 'y', 's', 'vv']);
  });

  it('keeps everything after the first ":-" as the default, including colons', () => {
    expect(interpolateEnv('${URL:-http://localhost:4318}', {}).value).toBe('http://localhost:4318');
  });

  it('reads "$${" as a literal "${"', () => {
    expect(interpolateEnv('$${HOME} and ${HOME}', { HOME: '/h' }).value).toBe('${HOME} and /h');
  });

  it('reports unset, malformed and unclosed references with their key paths', () => {
    const { problems } = interpolateEnv({ a: { b: '${MISSING}' }, c: ['${1BAD}'], d: 'x${OPEN' }, { EMPTY: '' });
    expect(problems).toEqual([
      { path: ['a', 'b'], message: 'environment variable MISSING is not set (write ${MISSING:-default} to give a default)' },
      { path: ['c', 0], message: 'invalid reference "${1BAD}" (expected ${NAME} or ${NAME:-default})' },
      { path: ['d'], message: 'unclosed "${" (write "$${" for a literal "${")' },
    ]);
  });

  it('treats an empty variable without a default as unset', () => {
    expect(interpolateEnv('${EMPTY}', { EMPTY: '' }).problems).toHaveLength(1);
  });
});
