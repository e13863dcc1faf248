// The top bar: connection status, play/pause/step/speed (enabled by the player's capabilities,
// i.e. through /control when a token was given), the timeline with the current sim time, and
// the counts of vehicles and messages.
import { useRef } from 'react';
import { useViewer } from '../context.ts';
import { useStoreValue } from '../store/use-store.ts';
import { formatSimTime, formatSpeed } from './format.ts';
import { SPEEDS } from './shortcuts.ts';
import type { ConnectionStatus } from '../player/player.ts';
import { PauseIcon, PlayIcon, StepBackIcon, StepIcon } from './icons.tsx';

function statusText(s: ConnectionStatus): string {
  switch (s.kind) {
    case 'connecting':
      return 'connecting…';
    case 'connected':
      return 'connected';
    case 'reconnecting':
      return `reconnecting${s.attempt > 0 ? ` (attempt ${s.attempt})` : ''}: ${s.reason}`;
    case 'closed':
      return 'closed';
    case 'error':
      return `error: ${s.message}`;
  }
}

export function TopBar() {
  const { store, player } = useViewer();
  const simTime = useStoreValue(store, (s) => s.cur?.simTime ?? Number.NaN, 10);
  const tick = useStoreValue(store, (s) => s.cur?.lastTick ?? 0, 10);
  const vehicles = useStoreValue(store, (s) => s.cur?.vehicles.ids.length ?? 0, 4);
  const connection = useStoreValue(store, (s) => s.connection, 10);
  const state = useStoreValue(store, (s) => s.state, 10);
  const name = useStoreValue(store, (s) => s.snapshot?.scenario.name ?? '', 2);
  const caps = player.capabilities;
  const can = (c: (typeof caps)[number]) => caps.includes(c);
  const paused = state?.paused ?? false;
  const start = state?.startTime ?? 0;
  const end = state?.endTime ?? store.snapshot?.scenario.durationSeconds ?? 0;
  const report = (p: Promise<void>) => p.catch((e: unknown) => store.onProblem((e as Error).message));
  // Dragging the timeline: one seek in flight at a time, then the latest position asked for.
  const seek = useRef<{ busy: boolean; next: number | null }>({ busy: false, next: null });
  const seekTo = (t: number) => {
    const s = seek.current;
    if (s.busy) {
      s.next = t;
      return;
    }
    s.busy = true;
    void report(player.seek(t)).finally(() => {
      s.busy = false;
      const n = s.next;
      s.next = null;
      if (n !== null) seekTo(n);
    });
  };

  return (
    <header className="topbar">
      <div className="brand">
        <strong>Corridor</strong> <span className="muted">{name}</span>
      </div>
      <div className="controls">
        <button data-testid="btn-play" disabled={!can('pause')} onClick={() => report(paused ? player.resume() : player.pause())} title="Play / pause (Space)">
          {paused ? <PlayIcon /> : <PauseIcon />} {paused ? 'Play' : 'Pause'}
        </button>
        <button data-testid="btn-step-back" disabled={!can('stepBack') || !paused} onClick={() => report(player.stepBack())} title="Step back (,)" aria-label="Step back">
          <StepBackIcon />
        </button>
        <button data-testid="btn-step" disabled={!can('step') || !paused} onClick={() => report(player.step())} title="Step (.)" aria-label="Step">
          <StepIcon />
        </button>
        <select
          data-testid="speed"
          disabled={!can('speed')}
          value={state?.speed === 'max' ? 'max' : String(state?.speed ?? 1)}
          onChange={(e) => report(player.setSpeed(e.target.value === 'max' ? 'max' : Number(e.target.value)))}
          title="Speed (+ / -)"
        >
          {SPEEDS.map((s) => (
            <option key={s} value={String(s)}>
              {formatSpeed(s)}
            </option>
          ))}
          {state?.mode !== 'replay' && <option value="max">max</option>}
        </select>
      </div>
      <div className="timeline">
        <input
          type="range"
          data-testid="timeline"
          min={start}
          max={Math.max(end, start + 1)}
          step={0.1}
          value={Number.isFinite(simTime) ? simTime : start}
          disabled={!can('seek')}
          onChange={(e) => seekTo(Number(e.target.value))}
        />
        <span className="time" data-testid="sim-time" data-sim-time={Number.isFinite(simTime) ? simTime.toFixed(3) : ''}>
          {formatSimTime(simTime)}
        </span>
        <span className="muted">tick {tick}</span>
      </div>
      <div className="counts">
        <span data-testid="vehicle-count" data-count={vehicles}>
          {vehicles} vehicles
        </span>
        <span className={`status status-${connection.kind}`} data-testid="connection-status" data-status={connection.kind}>
          {player.name} · {statusText(connection)}
          {state ? ` · ${paused ? 'paused' : formatSpeed(state.speed)}` : ''}
          {!can('pause') && connection.kind === 'connected' ? ' · view only' : ''}
        </span>
      </div>
    </header>
  );
}
