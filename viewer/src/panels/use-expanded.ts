// Which rows of a message list are expanded, by message number; stable toggle callback so
// memoised rows do not re-render.
import { useCallback, useState } from 'react';

export function useExpanded(): [ReadonlySet<number>, (seq: number) => void] {
  const [open, setOpen] = useState<ReadonlySet<number>>(() => new Set());
  const toggle = useCallback((seq: number) => {
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(seq)) next.delete(seq);
      else next.add(seq);
      return next;
    });
  }, []);
  return [open, toggle];
}
