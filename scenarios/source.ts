// The scenario text as a YAML document that remembers where everything is, so that
// errors found later (zod, semantic checks) can point at a line and column.
import { Document, LineCounter, isAlias, isMap, isNode, isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { Node, Pair, YAMLError, YAMLMap } from 'yaml';
import type { ScenarioIssue } from './errors.ts';
import type { Path, PathSegment } from './paths.ts';

export interface ScenarioSource {
  file: string;
  /** Mutable: overrides are applied to it before validation. */
  doc: Document;
  lineCounter: LineCounter;
  format: 'yaml' | 'json';
}

export interface Position {
  line: number;
  column: number;
}

/** JSON is YAML, but a file that looks like JSON is held to JSON's stricter rules (quoted strings). */
export function looksLikeJson(text: string): boolean {
  return /^[\uFEFF\s]*[{[]/.test(text);
}

/**
 * Parses without throwing: syntax problems come back as issues.
 * Warnings (e.g. an unknown `!tag`) count as errors because they mean the file is read
 * differently from how its author probably intended.
 */
export function parseSource(text: string, file: string): { source: ScenarioSource; issues: ScenarioIssue[] } {
  const lineCounter = new LineCounter();
  const format = looksLikeJson(text) ? 'json' : 'yaml';
  const doc: Document = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    // Merge keys (`<<: *defaults`) are a YAML convenience; JSON has no such thing.
    ...(format === 'json' ? { schema: 'json' as const } : { merge: true }),
  });
  const source: ScenarioSource = { file, doc, lineCounter, format };
  const issues = [...doc.errors, ...doc.warnings].map((e) => yamlIssue(source, e));
  if (issues.length === 0) issues.push(...structuralIssues(source));
  return { source, issues };
}

function yamlIssue(source: ScenarioSource, error: YAMLError): ScenarioIssue {
  const { line, col } = source.lineCounter.linePos(error.pos[0]);
  return { file: source.file, path: '(syntax)', line, column: col, message: syntaxMessage(source, error) };
}

function syntaxMessage(source: ScenarioSource, error: YAMLError): string {
  const message = error.message.replace(/\s+/g, ' ').trim();
  if (error.code === 'DUPLICATE_KEY') return duplicateKeyMessage(source, error.pos[0]);
  if (source.format === 'json') {
    if (error.code === 'TAG_RESOLVE_FAILED') return `${message} (JSON strings and keys must be in double quotes)`;
    if (error.code === 'MULTILINE_IMPLICIT_KEY' || error.code === 'BLOCK_IN_FLOW') return `${message} (JSON: is a comma missing?)`;
  }
  return message;
}

/** Names the repeated key and where it first appeared; the parser only gives the position. */
function duplicateKeyMessage(source: ScenarioSource, offset: number): string {
  let message = 'duplicate key: each key may appear only once in a map';
  visit(source.doc, {
    Map(_key, map) {
      const repeated = map.items.find((p) => isNode(p.key) && p.key.range?.[0] === offset);
      if (!repeated || !isScalar(repeated.key)) return undefined;
      const name = String(repeated.key.value);
      const first = map.items.find((p) => p !== repeated && keyMatches(p.key, name));
      const line = isNode(first?.key) ? nodePosition(source, first.key).line : undefined;
      message = `duplicate key "${name}"${line === undefined ? '' : ` (first given at line ${line})`}: each key may appear only once in a map`;
      return visit.BREAK;
    },
  });
  return message;
}

/** Problems the YAML parser accepts but a scenario cannot be built from. */
function structuralIssues(source: ScenarioSource): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const at = (node: Node | null | undefined, message: string): void => {
    const pos = nodePosition(source, node);
    issues.push({ file: source.file, path: '(syntax)', ...pos, message });
  };
  visit(source.doc, {
    Pair(_key, pair) {
      // A collection as a map key would be stringified by toJS (and warn on the console).
      if (isNode(pair.key) && !isScalar(pair.key) && !isAlias(pair.key)) at(pair.key, 'map keys must be plain values, not lists or maps');
    },
    Alias(_key, alias) {
      if (alias.resolve(source.doc) === undefined) at(alias, `unknown alias *${alias.source} (its &anchor must come before it)`);
    },
  });
  return issues;
}

function nodePosition(source: ScenarioSource, node: Node | null | undefined): Partial<Position> {
  const offset = node?.range?.[0];
  if (offset === undefined) return {};
  const { line, col } = source.lineCounter.linePos(offset);
  return { line, column: col };
}

/** The document as plain data; aliases expanded (bounded, so a "billion laughs" file fails fast). */
export function toPlainData(source: ScenarioSource): { data: unknown } | { issue: ScenarioIssue } {
  try {
    return { data: source.doc.toJS({ maxAliasCount: 100 }) as unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { issue: { file: source.file, path: '(syntax)', message } };
  }
}

/** The pair holding `key` in `map`, looking through `<<` merge keys as YAML's merge does. */
export function findPair(doc: Document, map: YAMLMap, key: PathSegment, seen = new Set<YAMLMap>()): Pair | undefined {
  seen.add(map);
  for (const item of map.items) {
    if (isPair(item) && keyMatches(item.key, key)) return item;
  }
  for (const item of map.items) {
    if (!isPair(item) || !keyMatches(item.key, '<<')) continue;
    const sources = isSeq(item.value) ? item.value.items : [item.value];
    for (const s of sources) {
      const target = isAlias(s) ? s.resolve(doc) : s;
      if (isMap(target) && !seen.has(target)) {
        const found = findPair(doc, target, key, seen);
        if (found) return found;
      }
    }
  }
  return undefined;
}

function keyMatches(key: unknown, wanted: PathSegment): boolean {
  const value = isScalar(key) ? key.value : key;
  return value === wanted || (value !== null && value !== undefined && String(value) === String(wanted));
}

/**
 * Line and column of the node at `path`, or of its nearest ancestor that exists in the
 * file (a missing required field points at the map that should contain it).
 * With `target: 'key'` the key itself is located, e.g. for an unknown field.
 */
export function locate(source: ScenarioSource, path: Path, target: 'key' | 'value' = 'value'): Partial<Position> {
  const { doc } = source;
  let current: unknown = doc.contents;
  let best: Node | undefined = isNode(current) ? current : undefined;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i] as PathSegment;
    const collection = isAlias(current) ? current.resolve(doc) : current;
    let next: unknown;
    if (isMap(collection)) {
      const pair = findPair(doc, collection, segment);
      if (!pair) break;
      if (i === path.length - 1 && target === 'key' && isNode(pair.key)) return nodePosition(source, pair.key);
      next = pair.value ?? pair.key;
    } else if (isSeq(collection) && typeof segment === 'number') {
      next = collection.items[segment];
    } else {
      break;
    }
    if (next === undefined || next === null) break;
    current = next;
    if (isNode(current) && current.range) best = current;
  }
  return nodePosition(source, best);
}
