// `corridor export FILE.mcap --topic TOPIC [--format jsonl|csv] [--out FILE]`: one topic of a
// recording as JSON Lines (default) or CSV, on stdout or into a file (v2x/record/export.ts).
import { parseArgs } from 'node:util';
import { createWriteStream } from 'node:fs';
import { RecordingError } from '../../v2x/record/reader.ts';

export const usage = `  corridor export FILE.mcap --topic TOPIC [--format jsonl|csv] [--out FILE]
                              one topic of a recording (e.g. /v2x/denm, /sim/events) decoded, as JSON Lines or CSV`;

export async function command(args: string[]): Promise<number> {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { topic: { type: 'string' }, format: { type: 'string', default: 'jsonl' }, out: { type: 'string' } },
    }));
  } catch (e) {
    process.stderr.write(`corridor export: ${e instanceof Error ? e.message : String(e)}\n${usage}\n`);
    return 64;
  }
  if (positionals.length !== 1 || values.topic === undefined) {
    process.stderr.write(`corridor export: expects one recording file and --topic\n${usage}\n`);
    return 64;
  }
  const format = values.format;
  if (format !== 'jsonl' && format !== 'csv') {
    process.stderr.write(`corridor export: --format is jsonl or csv, got "${format}"\n`);
    return 64;
  }
  const file = positionals[0]!;
  const { FileReadable } = await import('../../v2x/record/file-readable.ts');
  const { openRecording } = await import('../../v2x/record/reader.ts');
  const { exportTopic } = await import('../../v2x/record/export.ts');
  let readable;
  try {
    readable = await FileReadable.open(file);
  } catch (e) {
    process.stderr.write(`corridor export: cannot open ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const out = values.out !== undefined ? createWriteStream(values.out) : process.stdout;
  try {
    const recording = await openRecording(readable, file);
    for (const w of recording.warnings) process.stderr.write(`corridor export: warning: ${w}\n`);
    // Lines go out in batches, waiting for the stream to drain; a closed pipe (`| head`) ends quietly.
    let closedPipe = false;
    out.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') closedPipe = true;
      else throw e;
    });
    let batch: string[] = [];
    const flush = async () => {
      if (batch.length === 0 || closedPipe) return;
      const text = `${batch.join('\n')}\n`;
      batch = [];
      if (!out.write(text)) await new Promise<void>((ok) => out.once('drain', () => ok()));
    };
    const pending: Promise<void>[] = [];
    const n = await exportTopic(recording, values.topic, format, (line) => {
      batch.push(line);
      if (batch.length >= 1000) pending.push(flush());
    });
    await Promise.all(pending);
    await flush();
    if (values.out !== undefined) {
      await new Promise<void>((ok, fail) => (out as ReturnType<typeof createWriteStream>).end((e?: Error | null) => (e ? fail(e) : ok())));
      process.stderr.write(`corridor export: ${n} messages of ${values.topic} to ${values.out}\n`);
    }
    return 0;
  } catch (e) {
    if (e instanceof RecordingError) {
      process.stderr.write(`corridor export: ${e.message}\n`);
      return 2;
    }
    throw e;
  } finally {
    await readable.close();
  }
}
