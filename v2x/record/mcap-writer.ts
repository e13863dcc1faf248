// A synchronous, chunked and indexed MCAP writer built on @mcap/core's record and chunk builders.
//
// Why not @mcap/core's McapWriter: its methods are async and must never overlap, while the
// simulation emits ticks synchronously; and it writes schemas and channels lazily inside chunks.
// Message records go straight into one growable chunk buffer (the one hot path: tens of messages
// per tick), which is copied once, into the chunk record, when the chunk is finished; every other
// record is written by @mcap/core's McapRecordBuilder.
// This writer puts every schema and channel right after the header, outside chunks, so a file
// cut anywhere (SIGKILL, full disk) still names them; and writes each finished chunk together
// with its message indexes in one `write` call, so a reader can recover every complete chunk
// (reader.ts). The summary (schemas, channels, statistics, chunk and metadata indexes, summary
// offsets) and the footer are written by `close`.
//
// Isomorphic: writes to any ByteSink (a file in Node, memory in tests and browsers).
import { McapRecordBuilder, Opcode, type McapTypes } from '@mcap/core';
import { crc32 } from './crc32.ts';

/** Where the bytes go; each call appends. */
export interface ByteSink {
  write(bytes: Uint8Array): void;
}

export interface McapWriterOptions {
  /** Finish a chunk once its records exceed this many bytes (default 1 MiB). */
  chunkBytes?: number;
  /** Finish a chunk once it spans this many nanoseconds of log time (default: no limit). */
  chunkNs?: bigint;
  profile?: string;
  library?: string;
  /** CRC-32 of chunk records (default: crc32.ts; Node passes zlib.crc32, native and far faster). */
  crc32?: (bytes: Uint8Array) => number;
}

export class SyncMcapWriter {
  private readonly rec = new McapRecordBuilder();
  private readonly chunk = new ChunkBuffer();
  private readonly chunkBytes: number;
  private readonly chunkNs: bigint | undefined;
  private position = 0n;
  private readonly schemas = new Map<number, McapTypes.Schema>();
  private readonly channels = new Map<number, McapTypes.Channel>();
  private readonly chunkIndexes: McapTypes.ChunkIndex[] = [];
  private readonly metadataIndexes: McapTypes.MetadataIndex[] = [];
  private readonly stats: McapTypes.Statistics = {
    messageCount: 0n,
    schemaCount: 0,
    channelCount: 0,
    attachmentCount: 0,
    metadataCount: 0,
    chunkCount: 0,
    messageStartTime: 0n,
    messageEndTime: 0n,
    channelMessageCounts: new Map(),
  };
  private closed = false;
  private readonly crc: (bytes: Uint8Array) => number;

  constructor(
    private readonly sink: ByteSink,
    options: McapWriterOptions = {},
  ) {
    this.chunkBytes = options.chunkBytes ?? 1024 * 1024;
    this.chunkNs = options.chunkNs;
    this.crc = options.crc32 ?? crc32;
    this.rec.writeMagic();
    this.rec.writeHeader({ profile: options.profile ?? '', library: options.library ?? 'corridor' });
    this.emit();
  }

  /** Written at once, outside chunks. Ids from 1. */
  addSchema(schema: Omit<McapTypes.Schema, 'id'>): number {
    const id = this.schemas.size + 1;
    const s = { ...schema, id };
    this.schemas.set(id, s);
    this.stats.schemaCount++;
    this.rec.writeSchema(s);
    this.emit();
    return id;
  }

  /** Written at once, outside chunks. Ids from 0. */
  addChannel(channel: Omit<McapTypes.Channel, 'id'>): number {
    const id = this.channels.size;
    const c = { ...channel, id };
    this.channels.set(id, c);
    this.stats.channelCount++;
    this.rec.writeChannel(c);
    this.emit();
    return id;
  }

  /** Outside chunks; indexed in the summary. Finishes the current chunk first, to keep file order = time order. */
  addMetadata(name: string, metadata: ReadonlyMap<string, string>): void {
    this.flushChunk();
    const offset = this.position;
    const length = this.rec.writeMetadata({ name, metadata: new Map(metadata) });
    this.emit();
    this.metadataIndexes.push({ name, offset, length });
    this.stats.metadataCount++;
  }

  addMessage(channelId: number, logTime: bigint, data: Uint8Array, sequence = 0): void {
    if (this.closed) throw new Error('McapWriter: closed');
    const c = this.chunk;
    if (c.numMessages > 0 && this.chunkNs !== undefined && logTime - c.messageStartTime >= this.chunkNs) this.flushChunk();
    c.add(channelId, sequence, logTime, data);
    const s = this.stats;
    if (s.messageCount === 0n || logTime < s.messageStartTime) s.messageStartTime = logTime;
    if (s.messageCount === 0n || logTime > s.messageEndTime) s.messageEndTime = logTime;
    s.messageCount++;
    s.channelMessageCounts.set(channelId, (s.channelMessageCounts.get(channelId) ?? 0n) + 1n);
    if (c.byteLength >= this.chunkBytes) this.flushChunk();
  }

  /** Writes the pending chunk and its message indexes (one sink write), if it holds messages. */
  flushChunk(): void {
    const c = this.chunk;
    if (c.numMessages === 0) return;
    const records = c.records();
    const chunkStartOffset = this.position;
    // The chunk record: opcode, length, start, end, uncompressed size, CRC, compression "", records.
    const head = new DataView(new ArrayBuffer(CHUNK_HEAD));
    head.setUint8(0, Opcode.CHUNK);
    head.setBigUint64(1, BigInt(CHUNK_HEAD - 9 + records.byteLength), true);
    head.setBigUint64(9, c.messageStartTime, true);
    head.setBigUint64(17, c.messageEndTime, true);
    head.setBigUint64(25, BigInt(records.byteLength), true);
    head.setUint32(33, this.crc(records), true);
    head.setUint32(37, 0, true);
    head.setBigUint64(41, BigInt(records.byteLength), true);
    const chunkLength = BigInt(CHUNK_HEAD + records.byteLength);
    const messageIndexOffsets = new Map<number, bigint>();
    let messageIndexLength = 0n;
    const indexStart = chunkStartOffset + chunkLength;
    for (const [channelId, entries] of c.indices) {
      messageIndexOffsets.set(channelId, indexStart + messageIndexLength);
      messageIndexLength += this.rec.writeMessageIndex({ channelId, records: entries });
    }
    const indexes = this.rec.buffer;
    this.rec.reset();
    const out = new Uint8Array(CHUNK_HEAD + records.byteLength + indexes.byteLength);
    out.set(new Uint8Array(head.buffer), 0);
    out.set(records, CHUNK_HEAD);
    out.set(indexes, CHUNK_HEAD + records.byteLength);
    this.sink.write(out);
    this.position += BigInt(out.byteLength);
    this.chunkIndexes.push({
      messageStartTime: c.messageStartTime,
      messageEndTime: c.messageEndTime,
      chunkStartOffset,
      chunkLength,
      messageIndexOffsets,
      messageIndexLength,
      compression: '',
      compressedSize: BigInt(records.byteLength),
      uncompressedSize: BigInt(records.byteLength),
    });
    this.stats.chunkCount++;
    c.reset();
  }

  /** Last chunk, data end, summary, footer. The file is complete after this. */
  close(): void {
    if (this.closed) return;
    this.flushChunk();
    this.closed = true;
    const r = this.rec;
    r.writeDataEnd({ dataSectionCrc: 0 });
    this.emit();
    const summaryStart = this.position;
    const offsets: McapTypes.SummaryOffset[] = [];
    const group = (groupOpcode: number, write: () => bigint) => {
      const groupStart = this.position + BigInt(r.length);
      const groupLength = write();
      if (groupLength > 0n) offsets.push({ groupOpcode, groupStart, groupLength });
    };
    group(Opcode.SCHEMA, () => [...this.schemas.values()].reduce((n, s) => n + r.writeSchema(s), 0n));
    group(Opcode.CHANNEL, () => [...this.channels.values()].reduce((n, c) => n + r.writeChannel(c), 0n));
    group(Opcode.STATISTICS, () => r.writeStatistics(this.stats));
    group(Opcode.METADATA_INDEX, () => this.metadataIndexes.reduce((n, m) => n + r.writeMetadataIndex(m), 0n));
    group(Opcode.CHUNK_INDEX, () => this.chunkIndexes.reduce((n, c) => n + r.writeChunkIndex(c), 0n));
    const summaryOffsetStart = this.position + BigInt(r.length);
    for (const o of offsets) r.writeSummaryOffset(o);
    r.writeFooter({ summaryStart, summaryOffsetStart, summaryCrc: 0 });
    r.writeMagic();
    this.emit();
  }

  /** Bytes written so far. */
  get size(): bigint {
    return this.position;
  }

  private emit(): void {
    const bytes = this.rec.buffer;
    if (bytes.byteLength === 0) return;
    this.sink.write(bytes);
    this.position += BigInt(bytes.byteLength);
    this.rec.reset();
  }
}

/** Bytes of a chunk record before its records: opcode, length and the fixed fields, with compression "". */
const CHUNK_HEAD = 1 + 8 + 8 + 8 + 8 + 4 + 4 + 8;
/** Message record: opcode, length, channel id, sequence, log time, publish time, then the data. */
const MESSAGE_HEAD = 1 + 8 + 2 + 4 + 8 + 8;

/** The records of the chunk being filled (message records only) and their message indexes. */
class ChunkBuffer {
  private buf = new Uint8Array(1 << 20);
  private view = new DataView(this.buf.buffer);
  private length = 0;
  numMessages = 0;
  messageStartTime = 0n;
  messageEndTime = 0n;
  /** Per channel, in first-use order: [log time, offset in the records]. */
  readonly indices = new Map<number, [bigint, bigint][]>();

  get byteLength(): number {
    return this.length;
  }

  add(channelId: number, sequence: number, logTime: bigint, data: Uint8Array): void {
    const need = this.length + MESSAGE_HEAD + data.byteLength;
    if (need > this.buf.byteLength) {
      const grown = new Uint8Array(Math.max(need, this.buf.byteLength * 2));
      grown.set(this.buf.subarray(0, this.length));
      this.buf = grown;
      this.view = new DataView(grown.buffer);
    }
    const o = this.length;
    const v = this.view;
    v.setUint8(o, Opcode.MESSAGE);
    v.setBigUint64(o + 1, BigInt(MESSAGE_HEAD - 9 + data.byteLength), true);
    v.setUint16(o + 9, channelId, true);
    v.setUint32(o + 11, sequence, true);
    v.setBigUint64(o + 15, logTime, true);
    v.setBigUint64(o + 23, logTime, true);
    this.buf.set(data, o + MESSAGE_HEAD);
    let index = this.indices.get(channelId);
    if (!index) {
      index = [];
      this.indices.set(channelId, index);
    }
    index.push([logTime, BigInt(o)]);
    if (this.numMessages === 0 || logTime < this.messageStartTime) this.messageStartTime = logTime;
    if (this.numMessages === 0 || logTime > this.messageEndTime) this.messageEndTime = logTime;
    this.numMessages++;
    this.length = need;
  }

  /** The records written so far (a view, valid until the next add or reset). */
  records(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }

  reset(): void {
    this.length = 0;
    this.numMessages = 0;
    this.messageStartTime = 0n;
    this.messageEndTime = 0n;
    this.indices.clear();
  }
}
