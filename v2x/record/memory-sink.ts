// A ByteSink in memory (tests, benchmarks, browsers).
import type { ByteSink } from './mcap-writer.ts';

/** Keeps what it is given, copied unless handed over (the writer reuses its buffer after most writes). */
export class MemorySink implements ByteSink {
  private parts: Uint8Array[] = [];
  private length = 0;

  write(bytes: Uint8Array, owned = false): void {
    this.parts.push(owned ? bytes : bytes.slice());
    this.length += bytes.byteLength;
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.byteLength;
    }
    this.parts = [out];
    return out;
  }
}
