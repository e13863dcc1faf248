// Opens a Corridor recording for reading, from any @mcap/core IReadable (a file in Node, a
// dropped File in the browser): isomorphic, no Node imports.
//
// A complete file is read through its summary (McapIndexedReader: chunk and message indexes, so
// seeking reads one chunk, never the file from the start). A file without a valid summary (the
// recording process was killed, the disk filled up, the file was cut) is recovered: its records
// are walked by their length prefixes (without reading chunk contents), every complete chunk with
// its message indexes is kept, and a summary for them is synthesised in memory behind a virtual
// readable; the recording then plays up to its last complete chunk, with a warning. A file that is
// not MCAP, or whose schemas are not Corridor's, is refused with a RecordingError.
import { MCAP_MAGIC, McapIndexedReader, McapRecordBuilder, Opcode, type McapTypes } from '@mcap/core';
import { KNOWN_SCHEMAS, METADATA, TOPICS, toSeconds, type RunMetadata } from './topics.ts';

export type RecordingErrorCode = 'not-mcap' | 'truncated' | 'unknown-schema' | 'empty' | 'corrupt';

/** Why a file cannot be replayed; `message` names the file and the reason. */
export class RecordingError extends Error {
  override readonly name = 'RecordingError';
  constructor(
    readonly code: RecordingErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type Readable = McapTypes.IReadable;

export interface Recording {
  readonly name: string;
  readonly reader: McapIndexedReader;
  /** Non-fatal problems (a truncated file), one sentence each. */
  readonly warnings: readonly string[];
  /** True when the file had no valid summary and was recovered. */
  readonly recovered: boolean;
  /** The `corridor.run` metadata record (absent if it was cut off). */
  readonly run: RunMetadata | undefined;
  /** Log time of the first and last message, ns. */
  readonly startNs: bigint;
  readonly endNs: bigint;
  /** Topic -> channel id. */
  readonly channels: ReadonlyMap<string, number>;
}

/** Opens and checks a recording; throws RecordingError (never anything else) when it cannot be replayed. */
export async function openRecording(readable: Readable, name: string): Promise<Recording> {
  try {
    return await open(readable, name);
  } catch (e) {
    if (e instanceof RecordingError) throw e;
    throw new RecordingError('corrupt', `${name}: unreadable MCAP file (${e instanceof Error ? e.message : String(e)})`);
  }
}

async function open(readable: Readable, name: string): Promise<Recording> {
  const size = await readable.size();
  const magic = size >= 8n ? await readable.read(0n, 8n) : new Uint8Array(0);
  if (magic.length < 8 || MCAP_MAGIC.some((b, i) => magic[i] !== b)) {
    throw new RecordingError('not-mcap', `${name} is not an MCAP file (it does not start with the MCAP magic bytes)`);
  }
  const warnings: string[] = [];
  let reader: McapIndexedReader;
  let recovered = false;
  try {
    reader = await McapIndexedReader.Initialize({ readable });
  } catch (e) {
    const r = await recover(readable, size, name);
    warnings.push(
      `${name}: no valid summary (${e instanceof Error ? e.message.replace(/ \[library=.*\]$/, '') : String(e)}); the recording was cut short. ` +
        `Recovered ${r.chunks} complete chunk${r.chunks === 1 ? '' : 's'}; ${size - r.cut} byte${size - r.cut === 1n ? '' : 's'} after them ignored.`,
    );
    reader = await McapIndexedReader.Initialize({ readable: r.readable });
    recovered = true;
  }
  for (const s of reader.schemasById.values()) {
    const expected = KNOWN_SCHEMAS.get(s.name);
    if (expected === undefined || expected !== s.encoding) {
      throw new RecordingError(
        'unknown-schema',
        `${name}: schema "${s.name}" (encoding "${s.encoding}") is not one of Corridor's recording schemas (${[...KNOWN_SCHEMAS.keys()].join(', ')}); not a Corridor recording, or from an incompatible version`,
      );
    }
  }
  const channels = new Map<string, number>();
  for (const c of reader.channelsById.values()) {
    if (c.schemaId === 0 || !reader.schemasById.has(c.schemaId)) {
      throw new RecordingError('unknown-schema', `${name}: channel "${c.topic}" has no schema Corridor knows`);
    }
    channels.set(c.topic, c.id);
  }
  let run: RunMetadata | undefined;
  for await (const m of reader.readMetadata({ name: METADATA.run })) {
    run = Object.fromEntries(m.metadata) as unknown as RunMetadata;
    break;
  }
  let startNs: bigint | undefined;
  let endNs: bigint | undefined;
  for (const c of reader.chunkIndexes) {
    if (startNs === undefined || c.messageStartTime < startNs) startNs = c.messageStartTime;
    if (endNs === undefined || c.messageEndTime > endNs) endNs = c.messageEndTime;
  }
  const hasSnapshot = reader.chunkIndexes.some((c) => c.messageIndexOffsets.has(channels.get(TOPICS.snapshot) ?? -1));
  if (startNs === undefined || endNs === undefined || !hasSnapshot) {
    throw new RecordingError(recovered ? 'truncated' : 'empty', `${name}: no complete chunk with a snapshot${recovered ? ' before the cut' : ''}; nothing to replay`);
  }
  return { name, reader, warnings, recovered, run, startNs, endNs, channels };
}

// ---- recovery ------------------------------------------------------------------------------

const RECORD_PREFIX = 9n; // opcode (1) + content length (8)

interface PendingChunk {
  index: McapTypes.ChunkIndex;
  /** End of the chunk and of the message indexes seen so far. */
  end: bigint;
}

/** Walks the records, keeps complete chunks with their message indexes, synthesises a summary. */
async function recover(readable: Readable, size: bigint, name: string): Promise<{ readable: Readable; cut: bigint; chunks: number }> {
  const head: Uint8Array[] = []; // schema and channel records, as written
  const chunkIndexes: McapTypes.ChunkIndex[] = [];
  const metadataIndexes: McapTypes.MetadataIndex[] = [];
  let pending: PendingChunk | undefined;
  let cut = 8n;
  let offset = 8n;
  let sawHeader = false;
  const commit = () => {
    if (!pending) return;
    chunkIndexes.push(pending.index);
    cut = pending.end;
    pending = undefined;
  };
  for (;;) {
    if (offset >= size) {
      commit(); // the file ends exactly after a record
      break;
    }
    const prefix = await readable.read(offset, offset + RECORD_PREFIX <= size ? RECORD_PREFIX : size - offset);
    const op = prefix[0]!;
    if (prefix.length < Number(RECORD_PREFIX)) {
      if (op !== Opcode.MESSAGE_INDEX) commit();
      break;
    }
    const len = view(prefix).getBigUint64(1, true);
    const end = offset + RECORD_PREFIX + len;
    if (end > size) {
      // A cut record: the pending chunk is whole unless its own message indexes were being written.
      if (op !== Opcode.MESSAGE_INDEX) commit();
      break;
    }
    if (!sawHeader) {
      if (op !== Opcode.HEADER) throw new RecordingError('corrupt', `${name}: no MCAP header record after the magic bytes`);
      sawHeader = true;
      cut = end;
    } else if (op === Opcode.MESSAGE_INDEX && pending) {
      const body = await readable.read(offset + RECORD_PREFIX, 2n);
      pending.index.messageIndexOffsets.set(view(body).getUint16(0, true), offset);
      pending.index.messageIndexLength += end - offset;
      pending.end = end;
    } else {
      commit();
      if (op === Opcode.CHUNK) {
        pending = { index: await chunkIndexOf(readable, offset, end, len), end };
      } else if (op === Opcode.SCHEMA || op === Opcode.CHANNEL) {
        head.push(await readable.read(offset, end - offset));
        cut = end;
      } else if (op === Opcode.METADATA) {
        const body = await readable.read(offset + RECORD_PREFIX, len < 4n ? len : 4n);
        const nameLength = body.length === 4 ? view(body).getUint32(0, true) : 0;
        const nameBytes = nameLength > 0 && BigInt(nameLength) + 4n <= len ? await readable.read(offset + RECORD_PREFIX + 4n, BigInt(nameLength)) : new Uint8Array(0);
        metadataIndexes.push({ offset, length: end - offset, name: new TextDecoder().decode(nameBytes) });
        cut = end;
      } else if (op === Opcode.DATA_END || op === Opcode.FOOTER) {
        break; // the data section is complete; only the summary was damaged
      } else {
        cut = end; // messages outside chunks, attachments...: kept in the data, not indexed
      }
    }
    offset = end;
  }
  if (!sawHeader) throw new RecordingError('truncated', `${name}: the file ends inside its MCAP header; nothing to replay`);
  if (head.length === 0) throw new RecordingError('truncated', `${name}: the file ends before its schemas and channels; nothing to replay`);

  const b = new McapRecordBuilder();
  b.writeDataEnd({ dataSectionCrc: 0 });
  const summaryStart = cut + BigInt(b.length);
  const headLength = head.reduce((n, h) => n + h.length, 0);
  const tailStart = b.length;
  for (const c of chunkIndexes) b.writeChunkIndex(c);
  for (const m of metadataIndexes) b.writeMetadataIndex(m);
  b.writeFooter({ summaryStart, summaryOffsetStart: 0n, summaryCrc: 0 });
  b.writeMagic();
  const built = b.buffer;
  // DataEnd, schema and channel records (as written), then indexes, footer and magic.
  const tail = new Uint8Array(built.length + headLength);
  tail.set(built.subarray(0, tailStart), 0);
  let o = tailStart;
  for (const h of head) {
    tail.set(h, o);
    o += h.length;
  }
  tail.set(built.subarray(tailStart), o);
  return { readable: new SplicedReadable(readable, cut, tail), cut, chunks: chunkIndexes.length };
}

async function chunkIndexOf(readable: Readable, offset: bigint, end: bigint, len: bigint): Promise<McapTypes.ChunkIndex> {
  // message start/end time, uncompressed size (u64 each), crc (u32), compression (u32 length + text), records length (u64).
  const fixed = await readable.read(offset + RECORD_PREFIX, len < 64n ? len : 64n);
  const v = view(fixed);
  if (fixed.length < 32) throw new RecordingError('corrupt', `chunk record at offset ${offset} is too short`);
  const compressionLength = v.getUint32(28, true);
  if (32 + compressionLength + 8 > fixed.length) throw new RecordingError('corrupt', `chunk record at offset ${offset} has a bad compression field`);
  const compression = new TextDecoder().decode(fixed.subarray(32, 32 + compressionLength));
  const compressedSize = v.getBigUint64(32 + compressionLength, true);
  return {
    messageStartTime: v.getBigUint64(0, true),
    messageEndTime: v.getBigUint64(8, true),
    chunkStartOffset: offset,
    chunkLength: end - offset,
    messageIndexOffsets: new Map(),
    messageIndexLength: 0n,
    compression,
    compressedSize,
    uncompressedSize: v.getBigUint64(16, true),
  };
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** The first `cut` bytes of a readable followed by `tail` (a synthesised summary). */
class SplicedReadable implements Readable {
  constructor(
    private readonly base: Readable,
    private readonly cut: bigint,
    private readonly tail: Uint8Array,
  ) {}

  async size(): Promise<bigint> {
    return this.cut + BigInt(this.tail.length);
  }

  async read(offset: bigint, size: bigint): Promise<Uint8Array> {
    const end = offset + size;
    if (offset < 0n || end > this.cut + BigInt(this.tail.length)) throw new Error(`read beyond the end of the recovered file (${offset}+${size})`);
    if (end <= this.cut) return this.base.read(offset, size);
    if (offset >= this.cut) return this.tail.subarray(Number(offset - this.cut), Number(end - this.cut));
    const out = new Uint8Array(Number(size));
    out.set(await this.base.read(offset, this.cut - offset), 0);
    out.set(this.tail.subarray(0, Number(end - this.cut)), Number(this.cut - offset));
    return out;
  }
}

/** A readable over bytes in memory (a dropped file, tests). */
export class BytesReadable implements Readable {
  constructor(private readonly bytes: Uint8Array) {}
  async size(): Promise<bigint> {
    return BigInt(this.bytes.length);
  }
  async read(offset: bigint, size: bigint): Promise<Uint8Array> {
    if (offset < 0n || offset + size > BigInt(this.bytes.length)) throw new Error(`read beyond the end (${offset}+${size} of ${this.bytes.length})`);
    return this.bytes.subarray(Number(offset), Number(offset + size));
  }
}

/** Recording seconds of a log time. */
export function recordingSeconds(ns: bigint): number {
  return toSeconds(ns);
}
