// A ByteSink on a file whose writes run on a writer thread. The simulation thread hands each
// finished chunk over (the buffer is transferred, not copied) and goes on with the next tick; the
// writer thread writes the buffers in the order they came, each with writeSync.
//
// Why a thread: putting a 1 MiB chunk into the page cache costs about 1.7 ms of kernel time on
// the reference machine, about half of what recording cost the simulation thread when it wrote
// itself (docs/benchmarks.md, "Recording"). rosbag2 and the MCAP writers of the robotics tools
// write on a thread of their own for the same reason.
//
// The chunk's CRC-32 is computed on the writer thread too (writeWithCrc), and written buffers come
// back (recycled) to be filled again, so the simulation thread neither hashes a megabyte per chunk
// nor touches fresh memory.
//
// What a killed process leaves: every buffer the writer thread finished is in the kernel, in
// order, so the file is readable up to its last complete chunk (reader.ts recovers it); a chunk
// handed over but not yet written is lost with the process, as it would be a moment earlier.
// A write error (full disk) is kept and thrown by the next `write` or by `close`, naming the file.
// Writes are bounded: more than MAX_PENDING buffers in flight block the caller until the disk
// catches up, so a slow disk slows the run instead of filling the memory.
import { closeSync, openSync } from 'node:fs';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { ByteSink } from './mcap-writer.ts';

const MAX_PENDING = 64;
/** state[WRITTEN]: buffers written; state[FAILED]: 1 after a write error, whose text is in the message area. */
const WRITTEN = 0;
const FAILED = 1;
const MESSAGE_BYTES = 1024;

// Plain JavaScript (eval: no TypeScript loader in the thread); CommonJS in eval mode.
// A message is [bytes, crcAt, start, end] (crcAt < 0: no CRC); written buffers go back on \`back\`.
const WRITER = `
const { parentPort, workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const { crc32 } = require('node:zlib');
const { fd, state, message, back } = workerData;
parentPort.on('message', ([bytes, crcAt, start, end]) => {
  if (Atomics.load(state, ${FAILED}) === 0) {
    try {
      if (crcAt >= 0) new DataView(bytes.buffer, bytes.byteOffset).setUint32(crcAt, crc32(bytes.subarray(start, end)), true);
      let done = 0;
      while (done < bytes.byteLength) done += writeSync(fd, bytes, done, bytes.byteLength - done);
    } catch (e) {
      const text = new TextEncoder().encode(String(e && e.message || e)).subarray(0, ${MESSAGE_BYTES});
      message.set(text);
      Atomics.store(state, ${FAILED}, 1);
    }
  }
  Atomics.add(state, ${WRITTEN}, 1);
  Atomics.notify(state, ${WRITTEN});
  back.postMessage(bytes.buffer, [bytes.buffer]);
});
`;

export class FileSink implements ByteSink {
  private fd: number | undefined;
  private readonly worker: Worker;
  private readonly state = new Int32Array(new SharedArrayBuffer(8));
  private readonly message = new Uint8Array(new SharedArrayBuffer(MESSAGE_BYTES));
  private posted = 0;
  /** Where written buffers come back, and those received, to reuse. */
  private readonly back: MessagePort;
  private readonly free: ArrayBuffer[] = [];

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
    const { port1, port2 } = new MessageChannel();
    this.back = port1;
    this.worker = new Worker(WRITER, { eval: true, workerData: { fd: this.fd, state: this.state, message: this.message, back: port2 }, transferList: [port2] });
    // The thread must not keep a process alive that forgot to close (nor delay its exit).
    this.worker.unref();
  }

  /** Hands `bytes` to the writer thread; copied first unless `owned` (the caller never touches them again). */
  write(bytes: Uint8Array, owned = false): void {
    this.post(owned && bytes.buffer instanceof ArrayBuffer ? bytes : bytes.slice(), -1, 0, 0);
  }

  writeWithCrc(bytes: Uint8Array, crcAt: number, start: number, end: number): void {
    this.post(bytes.buffer instanceof ArrayBuffer ? bytes : bytes.slice(), crcAt, start, end);
  }

  /** A buffer the writer thread is done with, of at least `minBytes` (smaller ones are dropped). */
  recycled(minBytes: number): Uint8Array | undefined {
    for (let m = receiveMessageOnPort(this.back); m; m = receiveMessageOnPort(this.back)) this.free.push(m.message as ArrayBuffer);
    while (this.free.length > 0) {
      const b = this.free.pop()!;
      if (b.byteLength >= minBytes) return new Uint8Array(b);
    }
    return undefined;
  }

  /** Hands `bytes` (owned, over an ArrayBuffer: transferred whole) to the writer thread. */
  private post(bytes: Uint8Array, crcAt: number, start: number, end: number): void {
    if (this.fd === undefined) throw new Error(`${this.path}: recording already closed`);
    this.throwIfFailed();
    this.worker.postMessage([bytes, crcAt, start, end], [bytes.buffer as ArrayBuffer]);
    this.posted++;
    if (this.posted - Atomics.load(this.state, WRITTEN) > MAX_PENDING) this.drain(this.posted - MAX_PENDING);
  }

  /** Waits for every write handed over, then closes the file; throws the first write error. */
  close(): void {
    if (this.fd === undefined) return;
    try {
      this.drain(this.posted);
      this.throwIfFailed();
    } finally {
      closeSync(this.fd);
      this.fd = undefined;
      this.back.close();
      void this.worker.terminate();
    }
  }

  /** Blocks until at least `count` buffers are written (a minute without progress: the thread is gone). */
  private drain(count: number): void {
    let idle = 0;
    for (;;) {
      const written = Atomics.load(this.state, WRITTEN);
      if (written >= count) return;
      if (Atomics.wait(this.state, WRITTEN, written, 1000) === 'timed-out' && ++idle >= 60) {
        throw new Error(`${this.path}: the recording's writer thread made no progress for 60 s (${this.posted - written} buffers unwritten)`);
      }
    }
  }

  private throwIfFailed(): void {
    if (Atomics.load(this.state, FAILED) === 0) return;
    const end = this.message.indexOf(0);
    throw new Error(`${this.path}: recording write failed: ${new TextDecoder().decode(this.message.slice(0, end < 0 ? MESSAGE_BYTES : end))}`);
  }
}
