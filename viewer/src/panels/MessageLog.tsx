// The message log: the latest V2X messages of the session, newest first, filtered by family
// and station; a row expands to the decoded message. The list is rebuilt at most twice a
// second (and not at all while frozen); rows are decoded only when expanded.
import { useMemo, useState } from 'react';
import { FAMILIES, type Family } from '../../../v2x/families.ts';
import { useViewer } from '../context.ts';
import { FAMILY_COLOURS } from '../store/view-options.ts';
import { useStoreValue } from '../store/use-store.ts';
import { MessageRow } from './MessageRow.tsx';
import { filterMessages, matches, parseStationFilter } from './message-filter.ts';
import { useExpanded, withExpanded } from './use-expanded.ts';

/** Rows shown at most. */
export const MESSAGE_LOG_ROWS = 300;

const LABELS: Record<Family, string> = { cam: 'CAM', denm: 'DENM', spatem: 'SPATEM', mapem: 'MAPEM', ivim: 'IVIM', cpm: 'CPM', vam: 'VAM' };

export function MessageLog() {
  const { store } = useViewer();
  const [families, setFamilies] = useState<ReadonlySet<Family>>(() => new Set(FAMILIES));
  const [stationText, setStationText] = useState('');
  const [frozen, setFrozen] = useState(false);
  const { open: expanded, toggle } = useExpanded();
  // The newest entry: its identity changes when messages arrive (or the log restarts).
  const newest = useStoreValue(store, (s) => s.log.all.last() ?? null, 2);
  const snapshot = useStoreValue(store, (s) => s.snapshot, 1);
  const total = useStoreValue(store, (s) => s.log.all.length, 2);
  const station = parseStationFilter(stationText);
  const [frozenAt, setFrozenAt] = useState<typeof newest>(null);
  const shownNewest = frozen ? frozenAt : newest;

  const rows = useMemo(
    () => filterMessages(store.log.all, { families, ...(station.station !== undefined ? { station: station.station } : {}) }, MESSAGE_LOG_ROWS),
    // Rebuilt when the newest entry (shownNewest) or a filter changes.
    [store, shownNewest, families, station.station],
  );
  // While frozen, entries older than the freeze point only (the ring keeps moving underneath).
  // Opened rows stay in the list (while they pass the filters) after newer messages pushed them out.
  const filter = { families, ...(station.station !== undefined ? { station: station.station } : {}) };
  const visible = withExpanded(frozen && frozenAt ? rows.filter((m) => m.seq <= frozenAt.seq) : rows, expanded, (m) => matches(m, filter));

  const toggleFamily = (f: Family) =>
    setFamilies((prev) => {
      const next = new Set(prev);
      if (next.has(f)) next.delete(f);
      else next.add(f);
      return next;
    });

  return (
    <section className="pn-log" data-testid="message-log">
      <div className="pn-filters">
        <div className="pn-families" role="group" aria-label="Families">
          {FAMILIES.map((f) => (
            <label key={f} className={`pn-chip${families.has(f) ? ' on' : ''}`} style={{ borderColor: families.has(f) ? FAMILY_COLOURS[f] : undefined }}>
              <input type="checkbox" checked={families.has(f)} onChange={() => toggleFamily(f)} data-testid={`log-family-${f}`} />
              <i className="swatch" style={{ background: FAMILY_COLOURS[f] }} />
              {LABELS[f]}
            </label>
          ))}
        </div>
        <div className="pn-filter-row">
          <input
            type="text"
            inputMode="numeric"
            className={`pn-input${station.error ? ' bad' : ''}`}
            placeholder="Station id (sender or receiver)"
            value={stationText}
            onChange={(e) => setStationText(e.target.value)}
            data-testid="log-station"
            title={station.error ?? 'Only messages this station sent or received'}
            aria-invalid={station.error !== undefined}
          />
          <label className={`pn-chip${frozen ? ' on' : ''}`} title="Stop the list from moving while you read it">
            <input
              type="checkbox"
              checked={frozen}
              onChange={(e) => {
                setFrozen(e.target.checked);
                setFrozenAt(e.target.checked ? newest : null);
              }}
              data-testid="log-freeze"
            />
            Freeze
          </label>
        </div>
        {station.error && <p className="pn-error">{station.error}</p>}
        <p className="muted pn-count">
          {visible.length >= MESSAGE_LOG_ROWS ? `latest ${MESSAGE_LOG_ROWS}` : visible.length} shown · {total} in the log
        </p>
      </div>
      <ul className="pn-list pn-scroll">
        {visible.map((m) => (
          <MessageRow key={m.seq} message={m} expanded={expanded.has(m.seq)} onToggle={toggle} snapshot={snapshot} />
        ))}
        {visible.length === 0 && <li className="muted pn-empty">{total === 0 ? 'No messages yet.' : 'No message matches the filters.'}</li>}
      </ul>
    </section>
  );
}
