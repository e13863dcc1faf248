// Turns zod's issues into messages a scenario author can act on: what was expected,
// in which unit, and what the file actually says. zod's own messages ("Invalid input")
// are written for programmers and omit the value found.
import type { z } from 'zod';
import type { Path, PathSegment } from './paths.ts';
import { allowedKeysAt, suggestKey } from './schema-keys.ts';
import { unitOf } from './units.ts';

/** An issue not yet tied to a file position: `target: 'key'` points at the field name itself. */
export interface PendingIssue {
  path: Path;
  message: string;
  target?: 'key' | 'value';
}

type ZodIssue = z.core.$ZodIssue;

export function describeZodIssues(issues: readonly ZodIssue[], schema: z.ZodType, data: unknown): PendingIssue[] {
  return issues.flatMap((issue) => describeZodIssue(issue, schema, data));
}

function describeZodIssue(issue: ZodIssue, schema: z.ZodType, data: unknown): PendingIssue[] {
  const path = issue.path.map(toSegment);
  const present = hasValueAt(data, path);
  const found = present ? valueAt(data, path) : undefined;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeysAt(schema, path, data) ?? [];
      return issue.keys.map((key) => {
        const suggestion = suggestKey(key, allowed);
        const hint = suggestion ? ` (did you mean "${suggestion}"?)` : allowed.length ? ` (allowed: ${allowed.join(', ')})` : '';
        return { path: [...path, key], message: `unknown field "${key}"${hint}`, target: 'key' as const };
      });
    }
    case 'invalid_type': {
      const expected = describeExpected(issue.expected);
      if (path.length === 0 && (data === null || data === undefined)) {
        return [{ path, message: 'the scenario is empty: it needs at least `name`, `origin` and `network`' }];
      }
      if (!present) return [{ path, message: `required field is missing (expected ${expected})` }];
      if (issue.expected === 'number' && typeof found === 'number') {
        return [{ path, message: `expected a finite number, got ${describeValue(found)}` }];
      }
      return [{ path, message: `expected ${expected}, got ${describeValue(found)}` }];
    }
    case 'too_small':
    case 'too_big':
      return [{ path, message: describeBound(issue, path, found) }];
    case 'invalid_value': {
      const options = issue.values.map((v) => JSON.stringify(v));
      const expected = options.length === 1 ? options[0] : `one of ${options.join(', ')}`;
      return [{ path, message: present ? `expected ${expected}, got ${describeValue(found)}` : `required field is missing (expected ${expected})` }];
    }
    case 'invalid_format':
      return [{ path, message: describeFormat(issue, found) }];
    case 'invalid_union': {
      const discriminator = 'discriminator' in issue ? issue.discriminator : undefined;
      const options = 'options' in issue && Array.isArray(issue.options) ? issue.options.map(String) : [];
      if (discriminator !== undefined && options.length > 0) {
        const list = options.join(', ');
        return [{ path, message: present ? `unknown ${discriminator} ${describeValue(found, false)} (expected one of: ${list})` : `required field is missing (expected one of: ${list})` }];
      }
      return [{ path, message: `does not match any allowed form (${issue.message})` }];
    }
    case 'invalid_key': {
      const inner = issue.issues.map((i) => i.message).join('; ');
      return [{ path, message: `invalid key ${JSON.stringify(String(path[path.length - 1]))}: ${inner}`, target: 'key' }];
    }
    case 'not_multiple_of':
      return [{ path, message: `must be a multiple of ${String(issue.divisor)}, got ${describeValue(found)}` }];
    default:
      // custom (our .refine messages are already written for users) and anything rarer.
      return [{ path, message: issue.message }];
  }
}

function toSegment(key: PropertyKey): PathSegment {
  return typeof key === 'number' ? key : String(key);
}

function describeBound(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, path: Path, found: unknown): string {
  const small = issue.code === 'too_small';
  const limit = small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum;
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case 'array': {
      const count = Array.isArray(found) ? found.length : 0;
      return small
        ? `needs at least ${String(limit)} item${limit === 1 ? '' : 's'}, got ${count}`
        : `allows at most ${String(limit)} item${limit === 1 ? '' : 's'}, got ${count}`;
    }
    case 'string': {
      const length = typeof found === 'string' ? found.length : 0;
      if (small && limit === 1) return 'must not be empty';
      return small ? `needs at least ${String(limit)} characters, got ${length}` : `allows at most ${String(limit)} characters, got ${length}`;
    }
    default: {
      const op = small ? (inclusive ? '>=' : '>') : inclusive ? '<=' : '<';
      const unit = unitOf(path);
      return `must be ${op} ${String(limit)}${unit ? ` (${unit})` : ''}, got ${describeValue(found, false)}`;
    }
  }
}

function describeFormat(issue: z.core.$ZodIssueInvalidStringFormat, found: unknown): string {
  const got = describeValue(found);
  if (issue.format === 'datetime') return `expected an ISO-8601 UTC date-time such as "2026-06-02T07:30:00Z", got ${got}`;
  if (issue.format === 'regex') {
    // A custom message on the schema (e.g. for ids) says it better than the raw pattern.
    if (!issue.message.startsWith('Invalid string')) return `${issue.message}, got ${got}`;
    if (issue.pattern === '/^#[0-9a-fA-F]{6}$/') return `expected a colour such as "#00a19a", got ${got}`;
    return `must match ${issue.pattern ?? 'the required pattern'}, got ${got}`;
  }
  return `expected a valid ${issue.format}, got ${got}`;
}

const EXPECTED_NAMES: Record<string, string> = {
  object: 'a map of fields',
  record: 'a map',
  array: 'a list',
  tuple: 'a list',
  int: 'an integer',
  number: 'number',
  string: 'string',
  boolean: 'boolean (true or false)',
};

function describeExpected(expected: string): string {
  return EXPECTED_NAMES[expected] ?? expected;
}

/** A short, unambiguous rendering of a value found in the file. */
export function describeValue(value: unknown, withType = true): string {
  if (value === null) return 'an empty value (null)';
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    return `${withType ? 'string ' : ''}${JSON.stringify(shown)}`;
  }
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
    return `${withType && !Number.isInteger(value) ? 'number ' : ''}${String(value)}`;
  }
  if (typeof value === 'boolean') return `${withType ? 'boolean ' : ''}${String(value)}`;
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'a map';
  return typeof value;
}

function hasValueAt(data: unknown, path: Path): boolean {
  let current = data;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return false;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return false;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current !== undefined;
}

function valueAt(data: unknown, path: Path): unknown {
  let current = data;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}
