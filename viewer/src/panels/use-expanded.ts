// Which rows of a message list are expanded. The expanded messages themselves are kept, so a
// row the user opened stays on screen after the live list moved past it (lists are the newest
// few messages and change several times a second). The toggle callback is stable, so memoised
// rows do not re-render.
import { useCallback, useState } from 'react';
import type { LoggedMessage } from '../store/message-log.ts';

export interface Expanded {
  /** Expanded messages by message number. */
  readonly open: ReadonlyMap<number, LoggedMessage>;
  readonly toggle: (m: LoggedMessage) => void;
}

export function useExpanded(): Expanded {
  const [open, setOpen] = useState<ReadonlyMap<number, LoggedMessage>>(() => new Map());
  const toggle = useCallback((m: LoggedMessage) => {
    setOpen((prev) => {
      const next = new Map(prev);
      if (next.has(m.seq)) next.delete(m.seq);
      else next.set(m.seq, m);
      return next;
    });
  }, []);
  return { open, toggle };
}

/** The live rows plus the expanded messages no longer among them, newest first. */
export function withExpanded(rows: readonly LoggedMessage[], open: ReadonlyMap<number, LoggedMessage>, keep: (m: LoggedMessage) => boolean = () => true): LoggedMessage[] {
  if (open.size === 0) return rows as LoggedMessage[];
  const seen = new Set(rows.map((m) => m.seq));
  const extra = [...open.values()].filter((m) => !seen.has(m.seq) && keep(m));
  if (extra.length === 0) return rows as LoggedMessage[];
  return [...rows, ...extra].sort((a, b) => b.seq - a.seq);
}
