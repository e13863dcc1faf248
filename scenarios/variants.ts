// Variants: named overlays on a scenario (`variants:` block, docs/evaluation.md). A variant is
// the file's own data with its `overlay` deep-merged in, then its `set` overrides applied; the
// result goes through the same schema and checks as the file. The merge remembers which values
// the overlay wrote, so a problem can point at the overlay line that caused it.
import type { Path, PathSegment } from './paths.ts';

/** The name that means "the scenario as written, no overlay". */
export const BASE_VARIANT = 'base';

/** A value the overlay wrote: where it sits in the merged data and where it came from in the overlay. */
export interface Written {
  path: Path;
  from: Path;
}

function isMap(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function idOf(x: unknown): string | undefined {
  return isMap(x) && typeof x.id === 'string' ? x.id : undefined;
}

/** Lists whose items all carry a string `id` (rsus, shuttles, signals, flows...) merge item by item. */
function mergeableById(base: unknown[], overlay: unknown[]): boolean {
  return base.length > 0 && base.every((b) => idOf(b) !== undefined) && overlay.every((o) => idOf(o) !== undefined);
}

/**
 * Deep merge of `overlay` onto `base` (neither is modified). Maps merge key by key; a `null` in
 * the overlay removes the key (the schema's default applies again); lists of items with an `id`
 * merge by id (a known id merges into that item, a new id is appended); any other value, lists
 * included, replaces the base's.
 */
export function mergeOverlay(base: unknown, overlay: unknown): { data: unknown; written: Written[] } {
  const written: Written[] = [];
  const data = merge(base, overlay, [], [], written);
  return { data, written };
}

function merge(base: unknown, overlay: unknown, path: PathSegment[], from: PathSegment[], written: Written[]): unknown {
  if (isMap(base) && isMap(overlay)) {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(overlay)) {
      if (value === null) {
        delete out[key];
        written.push({ path: [...path, key], from: [...from, key] });
      } else if (key in base) out[key] = merge(base[key], value, [...path, key], [...from, key], written);
      else {
        out[key] = value;
        written.push({ path: [...path, key], from: [...from, key] });
      }
    }
    return out;
  }
  if (Array.isArray(base) && Array.isArray(overlay) && mergeableById(base, overlay)) {
    const out = [...base];
    overlay.forEach((item, k) => {
      const j = out.findIndex((b) => idOf(b) === idOf(item));
      if (j >= 0) out[j] = merge(out[j], item, [...path, j], [...from, k], written);
      else {
        written.push({ path: [...path, out.length], from: [...from, k] });
        out.push(item);
      }
    });
    return out;
  }
  written.push({ path, from });
  return overlay;
}

/** The overlay value that wrote `path` or one of its ancestors (the deepest), if any. */
export function writerOf(written: readonly Written[], path: Path): Written | undefined {
  let best: Written | undefined;
  for (const w of written) {
    if (w.path.length <= path.length && w.path.every((s, i) => s === path[i]) && (!best || w.path.length > best.path.length)) best = w;
  }
  return best;
}
