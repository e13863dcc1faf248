// The message log panel's selection: newest first, by family and by station (sender or
// receiver), at most `limit` rows. Pure, so the panel re-renders at its own pace and tests can
// check it without a browser.
import type { Family } from '../../../v2x/families.ts';
import type { LoggedMessage } from '../store/message-log.ts';
import type { Ring } from '../store/ring.ts';

export interface MessageFilter {
  /** Families shown. */
  readonly families: ReadonlySet<Family>;
  /** Station id that must be the sender or one of the receivers; undefined = any. */
  readonly station?: number;
}

/**
 * Parses the station filter input: blank = any station, else a station id (whole number).
 * Returns an error text for anything else.
 */
export function parseStationFilter(text: string): { station?: number; error?: string } {
  const t = text.trim();
  if (t === '') return {};
  if (!/^\d+$/.test(t)) return { error: `"${t}" is not a station id (a whole number, e.g. 1001 or 100042)` };
  return { station: Number(t) };
}

export function matches(m: LoggedMessage, f: MessageFilter): boolean {
  if (!f.families.has(m.family)) return false;
  return f.station === undefined || m.sender === f.station || m.receivers.includes(f.station);
}

/** The newest `limit` messages of the log that pass the filter, newest first. */
export function filterMessages(log: Ring<LoggedMessage>, f: MessageFilter, limit: number): LoggedMessage[] {
  const out: LoggedMessage[] = [];
  for (let i = log.length - 1; i >= 0 && out.length < limit; i--) {
    const m = log.at(i)!;
    if (matches(m, f)) out.push(m);
  }
  return out;
}

/** Newest first, the latest `limit` entries of a ring. */
export function newestFirst<T>(ring: Ring<T> | undefined, limit = Number.POSITIVE_INFINITY): T[] {
  const out: T[] = [];
  if (!ring) return out;
  for (let i = ring.length - 1; i >= 0 && out.length < limit; i--) out.push(ring.at(i)!);
  return out;
}
