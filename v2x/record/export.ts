// `corridor export`: the messages of one topic of a recording as JSON Lines or CSV, decoded with
// the schemas registered in the file, for analysis in other tools. Isomorphic: lines are handed to
// a callback.
import { channelDecoders } from './decode.ts';
import { RecordingError, type Recording } from './reader.ts';
import { toSeconds } from './topics.ts';

export type ExportFormat = 'jsonl' | 'csv';

/**
 * Writes every message of `topic`, in time order, one line each, with its log time in recording
 * seconds (`logTime`) (CSV: a header line first, one
 * column per leaf field found in any message, nested names joined with dots, lists of numbers or
 * strings joined with `;`, lists of objects as JSON). Returns the number of messages.
 */
export async function exportTopic(recording: Recording, topic: string, format: ExportFormat, write: (line: string) => void): Promise<number> {
  const channel = recording.channels.get(topic);
  if (channel === undefined) {
    throw new RecordingError('empty', `${recording.name}: no topic "${topic}"; topics: ${[...recording.channels.keys()].join(', ')}`);
  }
  const decode = channelDecoders(recording.reader.schemasById, recording.reader.channelsById).get(channel)!;
  const messages = () => recording.reader.readMessages({ topics: [topic] });
  let n = 0;
  if (format === 'jsonl') {
    for await (const m of messages()) {
      write(JSON.stringify({ logTime: toSeconds(m.logTime), topic, message: decode(m.data) }));
      n++;
    }
    return n;
  }
  // CSV: a first pass for the columns (messages of one topic mostly share them), a second for the rows.
  const columns = new Set<string>();
  for await (const m of messages()) for (const k of Object.keys(flatten(decode(m.data)))) columns.add(k);
  const header = ['logTime', ...columns];
  write(header.map(csvField).join(','));
  for await (const m of messages()) {
    const flat = flatten(decode(m.data));
    write([String(toSeconds(m.logTime)), ...[...columns].map((c) => flat[c] ?? '')].map(csvField).join(','));
    n++;
  }
  return n;
}

/** Leaf fields of a decoded message, with dotted names. */
export function flatten(value: Record<string, unknown>, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  for (const [k, v] of Object.entries(value)) {
    const name = prefix ? `${prefix}.${k}` : k;
    if (v === null || v === undefined) continue;
    if (Array.isArray(v)) out[name] = v.every((x) => typeof x !== 'object' || x === null) ? v.join(';') : JSON.stringify(v);
    else if (typeof v === 'object') flatten(v as Record<string, unknown>, name, out);
    else out[name] = String(v);
  }
  return out;
}

/** RFC 4180: quoted when it holds a comma, a quote or a line break. */
function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
