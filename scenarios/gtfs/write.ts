// Writes the imported line into the base scenario's text. The `yaml` Document API finds the
// line's `stops` and `headway` nodes and their source ranges, and renders the new stops; only
// those two ranges of the text are replaced, so everything else in the base file (comments,
// key order, alignment of trailing comments, flow-list spacing) stays byte for byte. The new
// stops are one flow map per line with a comment naming their GTFS stop; `headway` keeps its
// comment. A line that does not exist yet is added to `shuttles` (appended when there is no
// `shuttles`). A JSON base (no comments to keep) is rewritten as JSON.
import { Document, isMap, isScalar, isSeq, parseDocument, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { looksLikeJson } from '../source.ts';

export interface WrittenStop {
  readonly id: string;
  readonly name: string;
  readonly at?: number;
  readonly link?: string;
  readonly position?: number;
  /** Index of the base line's stop whose `dwell` override this stop keeps (same place), if any. */
  readonly dwellFrom?: number;
  /** Trailing comment (without '#'). */
  readonly comment: string;
}

export interface LineEdit {
  /** Index of the line in `shuttles`; undefined: add a new line with `create`. */
  readonly index: number | undefined;
  readonly create?: { readonly id: string; readonly name: string; readonly color?: string; readonly vehicles?: number };
  readonly stops: readonly WrittenStop[];
  readonly headway: number;
  /** Comment put above the `stops` list (may hold several lines). */
  readonly stopsComment: string;
}

interface Splice {
  readonly from: number;
  readonly to: number;
  readonly text: string;
}

export function writeImportedLine(baseText: string, edit: LineEdit): string {
  const doc = parseDocument(baseText);
  if (doc.errors.length > 0) throw new Error(`the base scenario does not parse: ${doc.errors[0]!.message}`);
  if (looksLikeJson(baseText)) return writeJson(doc, edit);

  if (edit.index === undefined) return addLine(baseText, doc, edit);
  const line = doc.getIn(['shuttles', edit.index], true);
  if (!isMap(line)) throw new Error(`shuttles[${edit.index}] in the base scenario is not a map`);
  const splices: Splice[] = [];

  const oldStops = line.get('stops', true);
  const stops = stopsNode(doc, edit, isSeq(oldStops) ? oldStops : undefined);
  if (isSeq(oldStops) && !oldStops.flow && oldStops.range) {
    const [from, , to] = oldStops.range;
    const indent = columnOf(baseText, from);
    const rendered = renderBlock(stops, indent);
    splices.push({ from, to, text: baseText.slice(from, to).endsWith('\n') ? rendered : rendered.replace(/\n$/, '') });
  } else if (isNode(oldStops) && oldStops.range) {
    // A flow list (`stops: [...]`): the new list goes in its place as a block under the key.
    const [from, , to] = oldStops.range;
    const indent = lineIndent(baseText, from) + 2;
    splices.push({ from, to, text: `\n${' '.repeat(indent)}${renderBlock(stops, indent).replace(/\n$/, '')}` });
  } else {
    throw new Error(`shuttles[${edit.index}] in the base scenario has no stops list to replace`);
  }

  const headway = line.get('headway', true);
  if (isScalar(headway) && headway.range) {
    splices.push({ from: headway.range[0], to: headway.range[1], text: String(edit.headway) });
  } else {
    // No headway key: add one after the stops, at the line's key indentation.
    const stopsKey = line.items.find((p) => isScalar(p.key) && p.key.value === 'stops')?.key;
    const indent = isScalar(stopsKey) && stopsKey.range ? columnOf(baseText, stopsKey.range[0]) : 4;
    const end = splices[0]!.to;
    const before = baseText.slice(0, end).endsWith('\n') ? '' : '\n';
    splices.push({ from: end, to: end, text: `${before}${' '.repeat(indent)}headway: ${edit.headway}\n` });
  }
  return applySplices(baseText, splices);
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && 'range' in v;
}

function stopsNode(doc: Document, edit: LineEdit, oldStops: YAMLSeq | undefined): YAMLSeq {
  const seq = doc.createNode([]) as YAMLSeq;
  for (const s of edit.stops) {
    const place = s.at !== undefined ? { at: s.at } : { link: s.link, position: s.position };
    const m = doc.createNode({ id: s.id, name: s.name, ...place }) as YAMLMap;
    m.flow = true;
    const old = s.dwellFrom !== undefined ? oldStops?.items[s.dwellFrom] : undefined;
    const dwell = isMap(old) ? old.get('dwell', true) : undefined;
    if (isNode(dwell)) m.set('dwell', dwell.clone());
    m.comment = ` ${s.comment}`;
    seq.items.push(m);
  }
  seq.commentBefore = edit.stopsComment
    .split('\n')
    .map((l) => ` ${l}`)
    .join('\n');
  return seq;
}

/** A block node rendered at column `indent`: the first line unindented (it continues the text before it). */
function renderBlock(node: Node, indent: number): string {
  const text = new Document(node).toString({ lineWidth: 0 });
  const pad = ' '.repeat(indent);
  return text
    .split('\n')
    .map((l, k) => (k === 0 || l === '' ? l : pad + l))
    .join('\n');
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function lineIndent(text: string, offset: number): number {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^ */.exec(text.slice(start))![0].length;
}

function applySplices(text: string, splices: readonly Splice[]): string {
  let out = text;
  for (const s of [...splices].sort((a, b) => b.from - a.from)) out = out.slice(0, s.from) + s.text + out.slice(s.to);
  return out;
}

function newLineNode(doc: Document, edit: LineEdit): YAMLMap {
  if (!edit.create) throw new Error('a new shuttle line needs an id and a name');
  const { id, name, color, vehicles } = edit.create;
  const line = doc.createNode({ id, name, ...(color !== undefined ? { color } : {}) }) as YAMLMap;
  line.set('stops', stopsNode(doc, edit, undefined));
  if (vehicles !== undefined) line.set('vehicles', vehicles);
  line.set('headway', edit.headway);
  return line;
}

/** A base scenario without shuttle lines: the new line under `shuttles`, which may not exist yet. */
function addLine(text: string, doc: Document, edit: LineEdit): string {
  const line = newLineNode(doc, edit);
  const shuttles = doc.get('shuttles', true);
  const seq = doc.createNode([]) as YAMLSeq;
  seq.items.push(line);
  if (shuttles === undefined || shuttles === null) {
    const sep = text.endsWith('\n') ? '' : '\n';
    return `${text}${sep}\nshuttles:\n  ${renderBlock(seq, 2)}`;
  }
  if (!isSeq(shuttles) || shuttles.items.length > 0 || !shuttles.range) throw new Error('the base scenario\'s `shuttles` already has lines: say which to replace');
  const [from, , to] = shuttles.range;
  return applySplices(text, [{ from, to, text: `\n  ${renderBlock(seq, 2).replace(/\n$/, '')}${text.slice(from, to).endsWith('\n') ? '\n' : ''}` }]);
}

/** JSON keeps no comments: edit the document and write it back as JSON, two-space indented. */
function writeJson(doc: Document, edit: LineEdit): string {
  const data = doc.toJS() as { shuttles?: Record<string, unknown>[] };
  const stops = edit.stops.map((s) => {
    const old = s.dwellFrom !== undefined && edit.index !== undefined ? (data.shuttles?.[edit.index]?.stops as Record<string, unknown>[] | undefined)?.[s.dwellFrom] : undefined;
    return { id: s.id, name: s.name, ...(s.at !== undefined ? { at: s.at } : { link: s.link, position: s.position }), ...(old?.dwell !== undefined ? { dwell: old.dwell } : {}) };
  });
  if (edit.index === undefined) {
    if (!edit.create) throw new Error('a new shuttle line needs an id and a name');
    data.shuttles = [...(data.shuttles ?? []), { ...edit.create, stops, headway: edit.headway }];
  } else {
    const line = data.shuttles?.[edit.index];
    if (!line) throw new Error(`shuttles[${edit.index}] is missing in the base scenario`);
    line.stops = stops;
    line.headway = edit.headway;
  }
  return `${JSON.stringify(data, null, 2)}\n`;
}
