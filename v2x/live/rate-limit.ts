// Token bucket: at most `ratePerSecond` actions per second on average, bursts of up to `burst`.
// Wall time (injections are a wall-clock interface), injectable for tests.
import { performance } from 'node:perf_hooks';

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly ratePerSecond: number,
    readonly burst: number = ratePerSecond,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(ratePerSecond > 0 && Number.isFinite(ratePerSecond))) throw new RangeError(`rate must be a positive number, got ${ratePerSecond}`);
    if (!(burst >= 1 && Number.isFinite(burst))) throw new RangeError(`burst must be at least 1, got ${burst}`);
    this.tokens = burst;
    this.last = this.now();
  }

  /** Takes one token if there is one; false = over the rate. */
  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.ratePerSecond);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
