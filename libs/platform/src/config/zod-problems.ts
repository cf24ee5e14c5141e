import { describeValue } from '@orrery/contracts';
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

/** A problem found by a zod schema, before the key path is formatted. */
export interface ZodProblem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  int: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  bigint: 'an integer',
};

function typeName(expected: string): string {
  return TYPE_NAMES[expected] ?? expected;
}

function describeChoices(values: readonly unknown[]): string {
  const shown = values.map((value) => (typeof value === 'string' ? JSON.stringify(value) : String(value)));
  return shown.length === 1 ? (shown[0] ?? '') : `one of ${shown.join(', ')}`;
}

function bound(kind: 'least' | 'most', issue: { minimum?: unknown; maximum?: unknown; inclusive?: boolean; origin: string; input?: unknown }): string {
  const limit = kind === 'least' ? issue.minimum : issue.maximum;
  if (issue.origin === 'array') return `must have at ${kind} ${String(limit)} item(s)`;
  if (issue.origin === 'string') return `must be at ${kind} ${String(limit)} character(s) long`;
  const relation = issue.inclusive === false ? (kind === 'least' ? 'greater than' : 'less than') : `at ${kind}`;
  return `must be ${relation} ${String(limit)}, got ${describeValue(issue.input)}`;
}

/**
 * A per-parse zod error map that words issues for people: "expected a number, got
 * "ten"", "required", "unknown key". Messages set in a schema (`error:`) take precedence.
 */
export function humanErrorMap(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'required' : `expected ${typeName(issue.expected)}, got ${describeValue(issue.input)}`;
    case 'too_small':
      return bound('least', issue);
    case 'too_big':
      return bound('most', issue);
    case 'invalid_value':
      return `expected ${describeChoices(issue.values)}, got ${describeValue(issue.input)}`;
    case 'unrecognized_keys':
      return 'unknown key';
    case 'invalid_format':
      return `expected ${issue.format === 'regex' ? `text matching ${issue.pattern ?? 'the pattern'}` : `a valid ${issue.format}`}, got ${describeValue(issue.input)}`;
    case 'invalid_union':
      return discriminatorMessage(issue) ?? `expected ${unionExpectations(issue.errors)}, got ${describeValue(issue.input)}`;
    default:
      return undefined;
  }
}

function discriminatorMessage(issue: { discriminator?: string; options?: readonly unknown[]; input?: unknown }): string | undefined {
  if (issue.discriminator === undefined) return undefined;
  // The issue's input is the whole object; its path already ends in the discriminator key.
  const input = issue.input as Record<string, unknown> | undefined;
  const choices = describeChoices(issue.options ?? []);
  const value = input?.[issue.discriminator];
  return value === undefined ? `required (${choices})` : `expected ${choices}, got ${describeValue(value)}`;
}

function unionExpectations(branches: readonly (readonly Issue[])[]): string {
  const names = branches.flatMap((branch) =>
    branch.filter((issue) => issue.code === 'invalid_type' && issue.path.length === 0).map((issue) => typeName((issue as { expected: string }).expected)),
  );
  return names.length > 0 ? [...new Set(names)].join(' or ') : 'a valid value';
}

/**
 * Flattens zod issues into one problem per offending key: an unknown-keys issue becomes
 * one problem per key, and a union whose value matched one branch's shape reports that
 * branch's own issues (e.g. a bad field inside the mapping form) instead of "expected a
 * string or a mapping".
 */
export function zodProblems(issues: readonly Issue[], prefix: readonly PropertyKey[] = []): ZodProblem[] {
  return issues.flatMap((issue): ZodProblem[] => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: [...path, key], message: issue.message }));
    if (issue.code === 'invalid_union') {
      const matched = issue.errors.find((branch) => branch.length > 0 && branch.every((inner) => inner.path.length > 0));
      if (matched !== undefined) return zodProblems(matched, path);
    }
    return [{ path, message: issue.message }];
  });
}

/** `['load_from', 0, 'module']` → `load_from[0].module`. */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    const key = String(segment);
    return text === '' ? key : `${text}.${key}`;
  }, '');
}
