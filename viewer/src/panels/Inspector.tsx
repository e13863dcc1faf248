// The inspector: the selected vehicle, RSU or signal — its state (refreshed a few times a
// second, never per tick) and, for a station, the last messages it sent and received, each
// expandable to the decoded message as readable JSON.
import type { ReactNode } from 'react';
import { useViewer } from '../context.ts';
import { formatSimTime } from '../app/format.ts';
import { stationLabel } from '../format/entities.ts';
import type { FrameStore, Selection } from '../store/frame-store.ts';
import { useStoreValue } from '../store/use-store.ts';
import { heardTiming, rsuView, signalView, vehicleView, type Place } from './inspector-model.ts';
import { MessageRow } from './MessageRow.tsx';
import { newestFirst } from './message-filter.ts';
import { useExpanded, withExpanded } from './use-expanded.ts';

const HZ = 4;

/** `value unit` with fixed decimals, "–" when not a number. */
export function fmt(v: number | undefined, digits: number, unit = ''): string {
  if (v === undefined || !Number.isFinite(v)) return '–';
  const s = v.toFixed(digits);
  return unit ? `${s === `-${(0).toFixed(digits)}` ? s.slice(1) : s} ${unit}` : s;
}

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd className="pn-num" data-testid={testId}>
        {children}
      </dd>
    </>
  );
}

function Position({ p }: { p: Place }) {
  return (
    <>
      <Row label="Position">
        {fmt(p.x, 1)}, {fmt(p.y, 1)} m
      </Row>
      <Row label="Lat / lon">
        {fmt(p.lat, 6)}°, {fmt(p.lon, 6)}°
      </Row>
    </>
  );
}

export function Inspector() {
  const { store } = useViewer();
  const selection = useStoreValue(store, (s) => s.selection, 10);
  return (
    <section className="pn-inspector" data-testid="inspector" data-kind={selection?.kind ?? 'none'}>
      {selection === null ? <p className="muted pn-empty">Click a vehicle, an RSU or a signal head in the scene to inspect it.</p> : <Selected key={selectionKey(selection)} selection={selection} />}
    </section>
  );
}

function selectionKey(s: NonNullable<Selection>): string {
  return s.kind === 'vehicle' ? `v${s.id}` : s.kind === 'rsu' ? `r${s.index}` : `s${s.controller}.${s.group}`;
}

function Selected({ selection }: { selection: NonNullable<Selection> }) {
  switch (selection.kind) {
    case 'vehicle':
      return <VehicleInspector id={selection.id} />;
    case 'rsu':
      return <RsuInspector index={selection.index} />;
    case 'signal':
      return <SignalInspector controller={selection.controller} group={selection.group} />;
  }
}

function Gone({ what }: { what: string }) {
  return <p className="muted pn-empty">{what} is no longer in the scene.</p>;
}

function VehicleInspector({ id }: { id: number }) {
  const { store } = useViewer();
  const v = useStoreValue(store, (s) => (s.snapshot && s.cur ? (vehicleView(s.snapshot, s.cur, id) ?? null) : null), HZ);
  if (!v) return <Gone what={`Vehicle ${id}`} />;
  return (
    <>
      <h3 className="pn-title">
        <span className="pn-badge" style={v.shuttle ? { background: v.shuttle.colour, color: '#10161c' } : undefined}>
          {v.type}
        </span>
        Vehicle <span data-testid="inspector-vehicle-id">{v.id}</span>
      </h3>
      <dl className="pn-dl">
        <Row label="Station id" testId="inspector-station-id">
          {stationLabel(v.stationId)}
        </Row>
        <Row label="Speed">{fmt(v.speedKmh, 1, 'km/h')}</Row>
        <Row label="Acceleration">{fmt(v.accel, 2, 'm/s²')}</Row>
        <Row label="Heading">{v.headingDeg === undefined ? '–' : `${v.headingDeg.toFixed(1)}° from north`}</Row>
        <Row label="Lane">
          {v.laneId}
          {v.linkKey ? <span className="muted"> on {v.linkKey}</span> : <span className="muted"> (junction)</span>}
        </Row>
        <Position p={v.place} />
        {v.shuttle && (
          <>
            <Row label="Line">
              <i className="swatch" style={{ background: v.shuttle.colour }} /> {v.shuttle.line}
            </Row>
            <Row label="Next stop">{v.shuttle.nextStop}</Row>
            <Row label="Doors">{v.shuttle.doorsOpen ? 'open' : 'closed'}</Row>
            <Row label="Dwell left">{v.shuttle.dwellLeft > 0 ? fmt(v.shuttle.dwellLeft, 1, 's') : '–'}</Row>
          </>
        )}
      </dl>
      {v.stationId !== 0 ? <StationMessages station={v.stationId} /> : <p className="muted pn-empty">No V2X unit: this vehicle sends and hears nothing.</p>}
    </>
  );
}

function RsuInspector({ index }: { index: number }) {
  const { store } = useViewer();
  const r = useStoreValue(store, (s) => (s.snapshot ? (rsuView(s.snapshot, s.cur, index) ?? null) : null), HZ);
  if (!r) return <Gone what={`RSU ${index}`} />;
  return (
    <>
      <h3 className="pn-title">
        <span className="pn-badge pn-badge-rsu">RSU</span>
        {r.name || r.key}
      </h3>
      <dl className="pn-dl">
        <Row label="Key">{r.key}</Row>
        <Row label="Station id" testId="inspector-station-id">
          {stationLabel(r.stationId)}
        </Row>
        <Position p={r.place} />
        <Row label="Mast height">{fmt(r.mastHeight, 1, 'm')}</Row>
        <Row label="Serves">{r.serves.length > 0 ? r.serves.join(', ') : <span className="muted">no intersection</span>}</Row>
        <Row label="Channel busy">
          {r.busyRatio === undefined ? '–' : <Meter ratio={r.busyRatio} />}
        </Row>
        <Row label="Sensors">
          {r.sensors.length === 0 ? (
            <span className="muted">none</span>
          ) : (
            <ul className="pn-plain">
              {r.sensors.map((s) => (
                <li key={s.key}>
                  {s.key} <span className="muted">
                    {s.kind}, {fmt(s.heading, 0)}° from north, fov {fmt(s.fov, 0)}°, {fmt(s.range, 0, 'm')}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Row>
      </dl>
      <StationMessages station={r.stationId} />
    </>
  );
}

function Meter({ ratio }: { ratio: number }) {
  const pct = Math.max(0, Math.min(1, ratio)) * 100;
  return (
    <span className="pn-meter" title={`${pct.toFixed(1)} % of the time the channel was sensed busy`}>
      <i style={{ width: `${pct}%`, background: ratio > 0.6 ? '#ef5350' : ratio > 0.3 ? '#ffca28' : '#7bd88f' }} />
      <b>{fmt(pct, 1, '%')}</b>
    </span>
  );
}

const STATE_COLOURS: Record<string, string> = { red: '#ef5350', amber: '#ffb300', green: '#66bb6a', dark: '#607080', 'pedestrian clearance': '#ff8a65' };

function SignalInspector({ controller, group }: { controller: number; group: number }) {
  const { store } = useViewer();
  const sig = useStoreValue(store, (s) => (s.snapshot ? (signalView(s.snapshot, s.cur, controller, group) ?? null) : null), HZ);
  // The SPATEM and the current time read together, so the countdown's age is consistent.
  const { heard, now } = useStoreValue(
    store,
    (s) => ({ heard: sig && s.snapshot ? (heardTiming(s.log, sig, s.snapshot.scenario.tickSeconds) ?? null) : null, now: s.cur?.simTime ?? Number.NaN }),
    HZ,
  );
  const { open: expanded, toggle } = useExpanded();
  const snapshot = useStoreValue(store, (s) => s.snapshot, 1);
  if (!sig) return <Gone what="This signal" />;
  const age = heard ? Math.max(0, now - heard.sentAt) : 0;
  const first = heard?.phases[0];
  const left = first?.endsIn === undefined ? undefined : first.endsIn - age;
  const rsu = sig.rsus[0];
  return (
    <>
      <h3 className="pn-title">
        <span className="pn-badge" style={{ background: STATE_COLOURS[sig.state] ?? '#607080', color: '#10161c' }}>
          {sig.state}
        </span>
        Signal {sig.groupName}
      </h3>
      <dl className="pn-dl">
        <Row label="Controller">{sig.controllerKey}</Row>
        <Row label="Group">
          {sig.groupName} <span className="muted">({sig.kind}; SignalGroupID {sig.signalGroupId ?? '?'} of intersection {sig.intersectionId ?? '?'})</span>
        </Row>
        <Row label="State now">{sig.state}</Row>
        <Row label="Phase ends in" testId="inspector-phase-end">
          {!heard ? (
            <span className="muted">no SPATEM heard yet</span>
          ) : left === undefined ? (
            'unknown'
          ) : !Number.isFinite(left) ? (
            'more than an hour'
          ) : (
            <strong>{fmt(Math.max(0, left), 1, 's')}</strong>
          )}
        </Row>
        {heard && heard.phases.length > 1 && (
          <Row label="Then">
            <ul className="pn-plain">
              {heard.phases.slice(1).map((p, i) => (
                <li key={i}>
                  {p.state} <span className="muted">until {p.endsIn === undefined ? '?' : `+${fmt(Math.max(0, p.endsIn - age), 1, 's')}`}</span>
                </li>
              ))}
            </ul>
          </Row>
        )}
        {rsu ? (
          <Row label="SPATEM from" testId="inspector-station-id">
            {rsu.stationId}
          </Row>
        ) : (
          <Row label="SPATEM from">
            <span className="muted">no RSU serves this controller</span>
          </Row>
        )}
        {heard && <Row label="Heard at">{formatSimTime(heard.sentAt)}</Row>}
      </dl>
      {heard && (
        <>
          <h4 className="pn-sub">Latest SPATEM</h4>
          <ul className="pn-list">
            <MessageRow message={heard.message} expanded={expanded.has(heard.message.seq)} onToggle={toggle} snapshot={snapshot} />
          </ul>
        </>
      )}
      {rsu && <StationMessages station={rsu.stationId} title={`RSU ${rsu.key}`} />}
    </>
  );
}

/** A key that changes when a station's history gets a message. */
function historyKey(s: FrameStore, station: number): string {
  const h = s.log.station(station);
  return `${h?.sent.last()?.seq ?? 0}:${h?.received.last()?.seq ?? 0}:${s.snapshotVersion}`;
}

function StationMessages({ station, title }: { station: number; title?: string }) {
  const { store } = useViewer();
  useStoreValue(store, (s) => historyKey(s, station), 2);
  const snapshot = useStoreValue(store, (s) => s.snapshot, 1);
  const { open: expanded, toggle } = useExpanded();
  const h = store.log.station(station);
  // Opened rows stay while the station's last few messages move on.
  const sent = withExpanded(newestFirst(h?.sent), expanded, (m) => m.sender === station);
  const received = withExpanded(newestFirst(h?.received), expanded, (m) => m.sender !== station);
  return (
    <div className="pn-station-msgs" data-testid="inspector-messages">
      <h4 className="pn-sub">
        {title ? `${title}: sent` : 'Sent'} <span className="muted">(last {h?.sent.length ?? 0})</span>
      </h4>
      {sent.length === 0 ? (
        <p className="muted pn-empty">nothing yet</p>
      ) : (
        <ul className="pn-list">
          {sent.map((m) => (
            <MessageRow key={m.seq} message={m} expanded={expanded.has(m.seq)} onToggle={toggle} snapshot={snapshot} direction="sent" />
          ))}
        </ul>
      )}
      <h4 className="pn-sub">
        Received <span className="muted">(last {h?.received.length ?? 0})</span>
      </h4>
      {received.length === 0 ? (
        <p className="muted pn-empty">nothing yet</p>
      ) : (
        <ul className="pn-list">
          {received.map((m) => (
            <MessageRow key={m.seq} message={m} expanded={expanded.has(m.seq)} onToggle={toggle} snapshot={snapshot} direction="received" />
          ))}
        </ul>
      )}
    </div>
  );
}
