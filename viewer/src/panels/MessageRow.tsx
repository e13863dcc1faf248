// One logged V2X message as a compact row (sim time, family, sender, receivers, latency);
// clicked, it expands to the message decoded as readable JSON. Decoding happens only while the
// row is expanded, once per message.
import { memo, useMemo } from 'react';
import { decodeItsMessage } from '../../../v2x/codec.ts';
import { formatSimTime } from '../app/format.ts';
import { stationName, utcYearAt } from '../format/entities.ts';
import { readableMessage } from '../format/readable-message.ts';
import type { LoggedMessage } from '../store/message-log.ts';
import { FAMILY_COLOURS } from '../store/view-options.ts';
import type { LiveSnapshot } from '../../../v2x/live/live-types.ts';

export interface MessageRowProps {
  readonly message: LoggedMessage;
  readonly expanded: boolean;
  readonly onToggle: (m: LoggedMessage) => void;
  readonly snapshot: LiveSnapshot | null;
  /** In a station's history (inspector): "→ n rx" for what it sent, "← sender" for what it received, instead of both ends. */
  readonly direction?: 'sent' | 'received';
}

const FAMILY_LABELS: Record<string, string> = { cam: 'CAM', denm: 'DENM', spatem: 'SPATEM', mapem: 'MAPEM', ivim: 'IVIM', cpm: 'CPM', vam: 'VAM' };

/** The readable JSON text of a logged message, or the decoding error. */
export function readableText(m: LoggedMessage, snapshot: LiveSnapshot | null): string {
  try {
    const year = snapshot ? utcYearAt(snapshot, m.simTime) : undefined;
    return JSON.stringify(readableMessage(decodeItsMessage(m.bytes), year !== undefined ? { year } : {}), null, 2);
  } catch (e) {
    return `cannot decode this message: ${(e as Error).message}`;
  }
}

function Decoded({ message, snapshot }: { message: LoggedMessage; snapshot: LiveSnapshot | null }) {
  const text = useMemo(() => readableText(message, snapshot), [message, snapshot]);
  return <pre className="pn-json" data-testid="message-json">{text}</pre>;
}

export const MessageRow = memo(function MessageRow({ message: m, expanded, onToggle, snapshot, direction }: MessageRowProps) {
  const latency = Number.isNaN(m.meanLatencyMs) ? '' : `${m.meanLatencyMs.toFixed(1)} ms`;
  let who: string;
  if (direction === 'sent') who = `→ ${m.receivers.length} rx`;
  else if (direction === 'received') who = `← ${m.sender}`;
  else who = `${m.sender} → ${m.receivers.length}`;
  return (
    <li className={`pn-msg${expanded ? ' open' : ''}`} data-testid="message-row" data-family={m.family} data-sender={m.sender} data-seq={m.seq}>
      <button className="pn-msg-head" onClick={() => onToggle(m)} aria-expanded={expanded} title="Show the decoded message">
        <span className="pn-caret">{expanded ? '▾' : '▸'}</span>
        <span className="pn-num pn-time">{formatSimTime(m.simTime)}</span>
        <span className="pn-family" style={{ color: FAMILY_COLOURS[m.family], borderColor: FAMILY_COLOURS[m.family] }}>
          {FAMILY_LABELS[m.family] ?? m.family}
        </span>
        <span className="pn-num pn-who" title={`from ${stationName(snapshot, m.sender)} to ${m.receivers.length} station${m.receivers.length === 1 ? '' : 's'}`}>
          {who}
        </span>
        <span className="pn-num pn-lat muted">{latency}</span>
      </button>
      {expanded && <Decoded message={m} snapshot={snapshot} />}
    </li>
  );
});
