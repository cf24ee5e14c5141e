import { InvalidPartitionKeysError, type PartitionKeyProblem } from './errors.js';

// What a partition key may not contain. Dagster forbids "..." (the range separator of
// `start...end` selections) and control characters in every key, and `|`, `,`, `[`, `]` in
// keys of multi-partition dimensions (`|` joins the dimensions of a key; `,` and `[ ]` appear
// in tag values and selections). Orrery forbids them all in every key, since any definition
// can later become a dimension, and adds `*`, reserved for patterns in partition selections.
// A single `.` stays allowed: keys such as `v1.2` or `file.csv` are common.

/** Separator of dimension keys in a multi-partition key (`2024-01-01|eu`). */
export const MULTI_PARTITION_KEY_DELIMITER = '|';

/** Substrings no partition key may contain. */
export const FORBIDDEN_PARTITION_KEY_SUBSTRINGS: readonly string[] = ['...', '|', ',', '[', ']', '*'];

// Single characters of FORBIDDEN_PARTITION_KEY_SUBSTRINGS, by char code.
const FORBIDDEN_CHARS = new Map([...'|,[]*'].map((c) => [c.charCodeAt(0), c]));
const DOT = 46;
const WHITESPACE = /\s/;

/** Why `key` cannot be a partition key, or undefined when it can. One pass: static definitions may hold 100,000 keys. */
export function findPartitionKeyProblem(key: string): string | undefined {
  if (key.length === 0) return 'is empty';
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    const forbidden = FORBIDDEN_CHARS.get(code);
    if (forbidden !== undefined) return `contains ${JSON.stringify(forbidden)}`;
    if (code === DOT && key.charCodeAt(i + 1) === DOT && key.charCodeAt(i + 2) === DOT) return 'contains "..."';
    // Control characters (C0 and DEL), which the UI cannot show.
    if (code < 0x20 || code === 0x7f) return 'contains a control character';
  }
  if (WHITESPACE.test(key[0]!) || WHITESPACE.test(key[key.length - 1]!)) return 'starts or ends with whitespace';
  return undefined;
}

/**
 * Problems of a key list: invalid keys and duplicates, in input order (each duplicate named
 * once). `index`, when given, receives each distinct valid key's first position.
 */
export function findPartitionKeysProblems(keys: readonly string[], index: Map<string, number> = new Map()): PartitionKeyProblem[] {
  const problems: PartitionKeyProblem[] = [];
  let reported: Set<string> | undefined;
  keys.forEach((key, i) => {
    const problem = findPartitionKeyProblem(key);
    if (problem !== undefined) problems.push({ key, problem });
    else if (!index.has(key)) index.set(key, i);
    else if (!(reported ??= new Set()).has(key)) {
      problems.push({ key, problem: 'is duplicated' });
      reported.add(key);
    }
  });
  return problems;
}

/** Throws {@link InvalidPartitionKeysError} naming every invalid or duplicated key; `index` as in findPartitionKeysProblems. */
export function assertValidPartitionKeys(keys: readonly string[], index?: Map<string, number>): void {
  const problems = findPartitionKeysProblems(keys, index);
  if (problems.length > 0) throw new InvalidPartitionKeysError(problems);
}
