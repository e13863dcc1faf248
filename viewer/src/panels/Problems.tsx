// Problems worth showing (a command refused, an undecodable frame or message): the store's
// problem ring as a small badge over the scene; the newest shows as a toast for a few
// seconds, the badge opens the list.
import { useEffect, useState } from 'react';
import { useViewer } from '../context.ts';
import type { FrameStore } from '../store/frame-store.ts';
import { useStoreValue } from '../store/use-store.ts';

const TOAST_MS = 6000;

/** Problems as a list, compared by content (the ring hands out a new array every time). */
function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
const problemsOf = (s: FrameStore) => s.problems.toArray();

export function Problems() {
  const { store } = useViewer();
  const all = useStoreValue(store, problemsOf, 2, sameList);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(() => new Set());
  const [open, setOpen] = useState(false);
  const [toast, setToast] = useState<string | null>(null);
  // By text: the ring drops its oldest entries, so positions are not stable (a dismissed problem that recurs stays dismissed).
  const shown = all.filter((p) => !dismissed.has(p));
  const newest = shown.at(-1);
  useEffect(() => {
    if (newest === undefined) return;
    setToast(newest);
    const t = setTimeout(() => setToast(null), TOAST_MS);
    return () => clearTimeout(t);
  }, [newest, all.length]);
  if (shown.length === 0) return null;
  return (
    <div className="pn-problems" data-testid="problems">
      {toast && !open && (
        <div className="pn-toast" role="status">
          {toast}
        </div>
      )}
      <button className="pn-problems-badge" onClick={() => setOpen(!open)} title="Problems reported by the viewer or the server">
        ⚠ {shown.length} problem{shown.length === 1 ? '' : 's'}
      </button>
      {open && (
        <div className="pn-problems-list">
          <ol>
            {[...shown].reverse().map((p, i) => (
              <li key={`${shown.length - i}:${p}`}>{p}</li>
            ))}
          </ol>
          <button
            onClick={() => {
              setDismissed(new Set([...dismissed, ...all]));
              setOpen(false);
            }}
          >
            Dismiss all
          </button>
        </div>
      )}
    </div>
  );
}
