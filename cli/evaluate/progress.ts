// Progress of an evaluation: a one-line bar with runs done and the time left on a terminal,
// plain lines (one per finished run) otherwise, so logs and CI output stay readable.
// Wall time is read here only, never in results.
import { performance } from 'node:perf_hooks';
import type { RunResult } from './types.ts';

export interface Progress {
  done(r: RunResult): void;
  end(): void;
}

export function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

export function createProgress(total: number, out: NodeJS.WriteStream | NodeJS.WritableStream, workers: number): Progress {
  const tty = 'isTTY' in out && out.isTTY === true;
  const t0 = performance.now();
  let done = 0;
  let failed = 0;
  let lastDoneAt = t0;
  // Expected end from the pace so far; between results the time left counts down.
  const eta = () => (done > 0 ? ((lastDoneAt - t0) / 1000 / done) * total - (performance.now() - t0) / 1000 : NaN);
  const bar = () => {
    const width = 30;
    const full = Math.round((done / Math.max(total, 1)) * width);
    const line = `[${'#'.repeat(full)}${'-'.repeat(width - full)}] ${done}/${total} runs${failed ? `, ${failed} failed` : ''}, ${workers} worker${workers > 1 ? 's' : ''}, ETA ${done < total ? formatEta(eta()) : '0 s'}`;
    out.write(`\r\x1b[2K${line}`);
  };
  // On a terminal the bar refreshes every second; unref'd so it never keeps the process alive.
  const timer = tty ? setInterval(bar, 1000) : undefined;
  timer?.unref();
  if (tty) bar();
  else out.write(`evaluating ${total} runs with ${workers} worker${workers > 1 ? 's' : ''}\n`);
  return {
    done(r) {
      done++;
      lastDoneAt = performance.now();
      if (r.error !== undefined) failed++;
      if (tty) {
        if (r.error !== undefined) out.write(`\r\x1b[2K${r.variant} seed ${r.seed} failed: ${r.error.split('\n')[0]}\n`);
        bar();
      } else {
        const status = r.error !== undefined ? `FAILED: ${r.error.split('\n')[0]}` : 'ok';
        out.write(`[${done}/${total}] ${r.variant} seed ${r.seed}: ${status} (ETA ${done < total ? formatEta(eta()) : '0 s'})\n`);
      }
    },
    end() {
      if (timer) clearInterval(timer);
      if (tty) out.write('\n');
    },
  };
}
