// A synchronous, chunked and indexed MCAP writer built on @mcap/core's record and chunk builders.
//
// Why not @mcap/core's McapWriter: its methods are async and must never overlap, while the
// simulation emits ticks synchronously; and it writes schemas and channels lazily inside chunks.
// Message records go straight into a growable chunk buffer that starts with room for the chunk
// record's header and ends with the chunk's message indexes, so a finished chunk is handed to the
// sink as it is, without a copy (the one hot path: hundreds of messages per tick); every other
// record is written by @mcap/core's McapRecordBuilder. Counters stay numbers until the summary
// (no BigInt arithmetic per message).
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
  /** `owned`: the caller hands `bytes` over and never touches them again (no copy needed); otherwise they are only valid during the call. */
  write(bytes: Uint8Array, owned?: boolean): void;
  /**
   * Optional, for sinks that write later on another thread: takes `bytes` (owned) whose 4 bytes at
   * `crcAt` are to be filled with the CRC-32 of bytes[start, end) before they are written.
   */
  writeWithCrc?(bytes: Uint8Array, crcAt: number, start: number, end: number): void;
  /** Optional: a buffer of at least `minBytes` handed over earlier and free again, to reuse. */
  recycled?(minBytes: number): Uint8Array | undefined;
}

export interface McapWriterOptions {
  /** Finish a chunk once its records exceed this many bytes (default 1 MiB). */
  chunkBytes?: number;
  /** Finish a chunk once it spans this many nanoseconds of log time (default: no limit). */
  chunkNs?: bigint;
  profile?: string;
  library?: string;
  /** CRC-32 of chunk records (default: crc32.ts; Node passes zlib.crc32, native and far faster). Unused when the sink computes it (ByteSink.writeWithCrc). */
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
  /** Messages written, in all and per channel id (into `stats` at close). */
  private messageCount = 0;
  private readonly channelCounts = new Map<number, number>();
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
    if (this.messageCount === 0 || logTime < s.messageStartTime) s.messageStartTime = logTime;
    if (this.messageCount === 0 || logTime > s.messageEndTime) s.messageEndTime = logTime;
    this.messageCount++;
    this.channelCounts.set(channelId, (this.channelCounts.get(channelId) ?? 0) + 1);
    if (c.recordsLength >= this.chunkBytes) this.flushChunk();
  }

  /** Writes the pending chunk and its message indexes (one sink write), if it holds messages. */
  flushChunk(): void {
    const c = this.chunk;
    if (c.numMessages === 0) return;
    const chunkStartOffset = this.position;
    const recordsLength = c.recordsLength;
    const chunkLength = CHUNK_HEAD + recordsLength;
    const { bytes, messageIndexOffsets, messageIndexLength } = c.finish(chunkStartOffset, this.sink.recycled?.(this.chunkBytes + (this.chunkBytes >> 3)));
    // The chunk record's header, in the room the buffer kept for it: opcode, length, start, end,
    // uncompressed size, CRC, compression "", records length.
    const head = new DataView(bytes.buffer, bytes.byteOffset, CHUNK_HEAD);
    head.setUint8(0, Opcode.CHUNK);
    head.setBigUint64(1, BigInt(chunkLength - 9), true);
    head.setBigUint64(9, c.messageStartTime, true);
    head.setBigUint64(17, c.messageEndTime, true);
    head.setBigUint64(25, BigInt(recordsLength), true);
    head.setUint32(37, 0, true);
    head.setBigUint64(41, BigInt(recordsLength), true);
    // Counted before the sink takes the bytes (a transfer to another thread detaches them).
    this.position += BigInt(bytes.byteLength);
    if (this.sink.writeWithCrc) {
      this.sink.writeWithCrc(bytes, 33, CHUNK_HEAD, chunkLength);
    } else {
      head.setUint32(33, this.crc(bytes.subarray(CHUNK_HEAD, chunkLength)), true);
      this.sink.write(bytes, true);
    }
    this.chunkIndexes.push({
      messageStartTime: c.messageStartTime,
      messageEndTime: c.messageEndTime,
      chunkStartOffset,
      chunkLength: BigInt(chunkLength),
      messageIndexOffsets,
      messageIndexLength: BigInt(messageIndexLength),
      compression: '',
      compressedSize: BigInt(recordsLength),
      uncompressedSize: BigInt(recordsLength),
    });
    this.stats.chunkCount++;
    c.reset();
  }

  /** Last chunk, data end, summary, footer. The file is complete after this. */
  close(): void {
    if (this.closed) return;
    this.flushChunk();
    this.closed = true;
    this.stats.messageCount = BigInt(this.messageCount);
    for (const [id, n] of this.channelCounts) this.stats.channelMessageCounts.set(id, BigInt(n));
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

/** Message index record: opcode, length, channel id, byte length of the entries; then 16 bytes per message. */
const INDEX_HEAD = 1 + 8 + 2 + 4;

/** One channel's message index entries in the chunk being filled. */
interface ChannelIndex {
  times: bigint[];
  offsets: number[];
}

/**
 * The chunk being filled: CHUNK_HEAD bytes of room for the chunk record's header, then the
 * message records; `finish` appends the message indexes and hands the whole buffer out.
 */
class ChunkBuffer {
  private buf: Uint8Array = new Uint8Array(1 << 20);
  private view = new DataView(this.buf.buffer);
  private length = CHUNK_HEAD;
  numMessages = 0;
  messageStartTime = 0n;
  messageEndTime = 0n;
  /** Per channel, in first-use order: log times and offsets in the records. */
  private readonly indices = new Map<number, ChannelIndex>();

  /** Bytes of message records so far. */
  get recordsLength(): number {
    return this.length - CHUNK_HEAD;
  }

  add(channelId: number, sequence: number, logTime: bigint, data: Uint8Array): void {
    const need = this.length + MESSAGE_HEAD + data.byteLength;
    this.reserve(need);
    const o = this.length;
    const v = this.view;
    v.setUint8(o, Opcode.MESSAGE);
    // Record lengths are below 2^32: the high word is 0.
    v.setUint32(o + 1, MESSAGE_HEAD - 9 + data.byteLength, true);
    v.setUint32(o + 5, 0, true);
    v.setUint16(o + 9, channelId, true);
    v.setUint32(o + 11, sequence, true);
    v.setBigUint64(o + 15, logTime, true);
    v.setBigUint64(o + 23, logTime, true);
    this.buf.set(data, o + MESSAGE_HEAD);
    let index = this.indices.get(channelId);
    if (!index) {
      index = { times: [], offsets: [] };
      this.indices.set(channelId, index);
    }
    index.times.push(logTime);
    index.offsets.push(o - CHUNK_HEAD);
    if (this.numMessages === 0 || logTime < this.messageStartTime) this.messageStartTime = logTime;
    if (this.numMessages === 0 || logTime > this.messageEndTime) this.messageEndTime = logTime;
    this.numMessages++;
    this.length = need;
  }

  /**
   * Appends the message index records after the chunk record (which starts at `chunkStart` in the
   * file) and returns the chunk's bytes (header room first) with the index offsets; the buffer is
   * the caller's from then on, and this chunk continues in `next` or a new buffer.
   */
  finish(chunkStart: bigint, next: Uint8Array | undefined): { bytes: Uint8Array; messageIndexOffsets: Map<number, bigint>; messageIndexLength: number } {
    const messageIndexOffsets = new Map<number, bigint>();
    const indexStart = this.length;
    let need = indexStart;
    for (const index of this.indices.values()) need += INDEX_HEAD + 16 * index.times.length;
    this.reserve(need);
    const v = this.view;
    let o = indexStart;
    for (const [channelId, index] of this.indices) {
      messageIndexOffsets.set(channelId, chunkStart + BigInt(o));
      const n = index.times.length;
      v.setUint8(o, Opcode.MESSAGE_INDEX);
      v.setUint32(o + 1, INDEX_HEAD - 9 + 16 * n, true);
      v.setUint32(o + 5, 0, true);
      v.setUint16(o + 9, channelId, true);
      v.setUint32(o + 11, 16 * n, true);
      o += INDEX_HEAD;
      for (let k = 0; k < n; k++, o += 16) {
        v.setBigUint64(o, index.times[k]!, true);
        v.setUint32(o + 8, index.offsets[k]!, true);
        v.setUint32(o + 12, 0, true);
      }
    }
    const bytes = this.buf.subarray(0, o);
    this.buf = next ?? new Uint8Array(this.buf.byteLength);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    return { bytes, messageIndexOffsets, messageIndexLength: o - indexStart };
  }

  reset(): void {
    this.length = CHUNK_HEAD;
    this.numMessages = 0;
    this.messageStartTime = 0n;
    this.messageEndTime = 0n;
    this.indices.clear();
  }

  private reserve(need: number): void {
    if (need <= this.buf.byteLength) return;
    const grown = new Uint8Array(Math.max(need, this.buf.byteLength * 2));
    grown.set(this.buf.subarray(0, this.length));
    this.buf = grown;
    this.view = new DataView(grown.buffer);
  }
}
