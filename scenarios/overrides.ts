// `--set PATH=VALUE` overrides: applied to the parsed YAML document before validation,
// so an override is checked exactly like the file and cannot smuggle in invalid values.
import { isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { overrideLabel } from './errors.ts';
import type { ScenarioIssue } from './errors.ts';
import { PathSyntaxError, formatPath, parsePath } from './paths.ts';
import type { PathSegment } from './paths.ts';
import { findPair } from './source.ts';

export interface Override {
  /** The override as typed, e.g. `run.tick=0.05`; names it in error messages. */
  raw: string;
  path: PathSegment[];
  value: unknown;
}

/**
 * Parses `PATH=VALUE`. PATH uses dots and `[index]` (`["odd key"]` for keys with other
 * characters); VALUE is read as YAML, so `600`, `true`, `[120, 40]` and `{lane: 1}`
 * are typed values while `Foo bar` stays a string.
 */
export function parseOverride(raw: string): { override: Override } | { issue: ScenarioIssue } {
  const file = overrideLabel(raw);
  const eq = raw.indexOf('=');
  if (eq < 0) return { issue: { file, path: '(override)', message: 'expected PATH=VALUE, e.g. run.tick=0.05' } };
  const pathText = raw.slice(0, eq).trim();
  let path: PathSegment[];
  try {
    path = parsePath(pathText);
  } catch (error) {
    if (!(error instanceof PathSyntaxError)) throw error;
    return { issue: { file, path: pathText === '' ? '(override)' : pathText, message: `bad path: ${error.message}` } };
  }
  const value = parseValue(raw.slice(eq + 1));
  if ('error' in value) return { issue: { file, path: formatPath(path), message: `bad value: ${value.error}` } };
  return { override: { raw, path, value: value.value } };
}

function parseValue(text: string): { value: unknown } | { error: string } {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) return { error: problem.message };
  // A block collection here can only come from text like `Note: slow` or `- x`, which on
  // a command line is far more likely meant as a plain string.
  const contents = doc.contents;
  if ((isMap(contents) || isSeq(contents)) && !contents.flow) return { value: text.trim() };
  try {
    return { value: doc.toJS({ maxAliasCount: 100 }) as unknown };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** Applies the overrides in order (later ones win); returns one issue per override that could not be applied. */
export function applyOverrides(doc: Document, overrides: readonly Override[]): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  for (const override of overrides) {
    const problem = applyOverride(doc, override);
    if (problem) issues.push({ file: overrideLabel(override.raw), path: formatPath(override.path), message: problem });
  }
  return issues;
}

function applyOverride(doc: Document, { path, value }: Override): string | undefined {
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) doc.contents = doc.createNode({});
  let node: unknown = doc.contents;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i] as PathSegment;
    const last = i === path.length - 1;
    const here = formatPath(path.slice(0, i));
    // Writing through an alias would silently change every other place using the anchor.
    if (isAlias(node)) return `${here} is an alias (*${node.source}); edit the file instead`;
    if (typeof segment === 'number') {
      if (!isSeq(node)) return `${here} is ${kindOf(node)}, not a list, so [${segment}] cannot be used`;
      if (segment >= node.items.length) return `index ${segment} is beyond the end of ${here} (${node.items.length} item${node.items.length === 1 ? '' : 's'})`;
      if (last) {
        node.items[segment] = doc.createNode(value);
        return undefined;
      }
      node = node.items[segment];
      continue;
    }
    if (!isMap(node)) return `${here} is ${kindOf(node)}, not a map, so .${segment} cannot be used`;
    const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === segment);
    if (last) {
      if (pair) pair.value = doc.createNode(value);
      else node.items.push(doc.createPair(segment, value));
      return undefined;
    }
    const next = path[i + 1];
    const existing = pair?.value;
    // An empty value (`run:` with nothing after it) is treated like a missing map.
    if (existing !== null && existing !== undefined && !(isScalar(existing) && existing.value === null)) {
      node = existing;
      continue;
    }
    // A field merged in through `<<` is shared with its anchor: same reason as aliases.
    if (!pair && findPair(doc, node, segment)) return `${formatPath(path.slice(0, i + 1))} comes from a YAML merge (<<); edit the file instead`;
    if (typeof next === 'number') return `index ${next} is beyond the end of ${formatPath(path.slice(0, i + 1))} (it does not exist)`;
    const created = doc.createNode({});
    if (pair) pair.value = created;
    else node.items.push(doc.createPair(segment, created));
    node = created;
  }
  return undefined;
}

function kindOf(node: unknown): string {
  if (isScalar(node)) return node.value === null ? 'empty' : `a ${typeof node.value}`;
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  return 'not a collection';
}
