// Which fields a schema object allows at a given path, so an unknown field can be
// answered with "did you mean ...?". zod's issue for unknown keys does not carry the
// allowed ones, so we walk the schema definition ourselves.
import type { z } from 'zod';
import type { Path } from './paths.ts';

/** The few parts of zod's internal definition this walk reads. */
interface Def {
  type: string;
  shape?: Record<string, Walkable>;
  element?: Walkable;
  innerType?: Walkable;
  items?: Walkable[];
  options?: Walkable[];
  discriminator?: string;
  valueType?: Walkable;
  in?: Walkable;
  values?: unknown[];
}
interface Walkable {
  _zod: { def: Def };
}

const WRAPPERS = new Set(['optional', 'default', 'prefault', 'nullable', 'nonoptional', 'readonly', 'catch']);

export function allowedKeysAt(schema: z.ZodType, path: Path, data: unknown): string[] | undefined {
  let node: Walkable | undefined = schema as unknown as Walkable;
  let value = data;
  for (const segment of path) {
    node = unwrap(node, value);
    if (!node) return undefined;
    const def: Def = node._zod.def;
    if (def.type === 'object') node = def.shape?.[String(segment)];
    else if (def.type === 'array') node = def.element;
    else if (def.type === 'tuple') node = typeof segment === 'number' ? def.items?.[segment] : undefined;
    else if (def.type === 'record') node = def.valueType;
    else return undefined;
    value = isRecord(value) || Array.isArray(value) ? (value as Record<PropertyKey, unknown>)[segment] : undefined;
  }
  node = unwrap(node, value);
  const shape = node?._zod.def.type === 'object' ? node._zod.def.shape : undefined;
  return shape ? Object.keys(shape) : undefined;
}

/** Strips optional/default/pipe wrappers and picks the union member the data selects. */
function unwrap(node: Walkable | undefined, value: unknown): Walkable | undefined {
  for (let guard = 0; node && guard < 50; guard++) {
    const def: Def = node._zod.def;
    if (WRAPPERS.has(def.type)) node = def.innerType;
    else if (def.type === 'pipe') node = def.in;
    else if (def.type === 'union' && def.discriminator !== undefined) {
      const tag = isRecord(value) ? value[def.discriminator] : undefined;
      node = def.options?.find((option) => option._zod.def.shape?.[def.discriminator as string]?._zod.def.values?.includes(tag));
    } else return node;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Closest allowed key by edit distance (case changes are cheap), if close enough to be a typo. */
export function suggestKey(unknown: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of allowed) {
    const score = candidate.toLowerCase() === unknown.toLowerCase() ? 0 : editDistance(unknown, candidate);
    if (score < bestScore) {
      bestScore = score;
      best = candidate;
    }
  }
  return bestScore <= Math.max(1, Math.min(3, Math.floor(unknown.length / 3))) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Infinity;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = row;
  }
  return previous[b.length] ?? Infinity;
}
