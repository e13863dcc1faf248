// Camera modes, radio family filters and layer switches, over the scene.
import { useSyncExternalStore } from 'react';
import { useViewer } from '../context.ts';
import { FAMILY_COLOURS, RADIO_GROUPS, type CameraMode, type RadioGroup } from '../store/view-options.ts';

const CAMERAS: { mode: CameraMode; label: string; key: string }[] = [
  { mode: 'orbit', label: 'Orbit', key: '1' },
  { mode: 'follow', label: 'Follow shuttle', key: '2' },
  { mode: 'route', label: 'Route preview', key: '3' },
];

const GROUP_LABELS: Record<RadioGroup, string> = { cam: 'CAM', denm: 'DENM', 'spatem-mapem': 'SPATEM/MAPEM', ivim: 'IVIM', cpm: 'CPM', vam: 'VAM' };
const GROUP_COLOURS: Record<RadioGroup, string> = { ...FAMILY_COLOURS, 'spatem-mapem': FAMILY_COLOURS.spatem };

export function Toolbar() {
  const { options } = useViewer();
  const state = useSyncExternalStore(
    (fn) => options.subscribe(fn),
    () => options.state,
  );
  return (
    <div className="toolbar">
      <div className="group" role="group" aria-label="Camera">
        {CAMERAS.map((c) => (
          <button key={c.mode} data-testid={`camera-${c.mode}`} className={state.camera === c.mode ? 'on' : ''} onClick={() => options.set({ camera: c.mode })} title={`${c.label} (${c.key})`}>
            {c.label}
          </button>
        ))}
      </div>
      <div className="group" role="group" aria-label="Radio messages">
        {RADIO_GROUPS.map((g) => (
          <button key={g} data-testid={`radio-${g}`} className={state.radio.has(g) ? 'on' : ''} onClick={() => options.toggleRadio(g)}>
            <i className="swatch" style={{ background: GROUP_COLOURS[g] }} /> {GROUP_LABELS[g]}
          </button>
        ))}
      </div>
      <div className="group" role="group" aria-label="Layers">
        <button className={state.coverage ? 'on' : ''} onClick={() => options.set({ coverage: !state.coverage })} title="Delivery ratio along the shuttle route (c)">
          Coverage
        </button>
        <button className={state.hazards ? 'on' : ''} onClick={() => options.set({ hazards: !state.hazards })} title="DENM and IVIM zones (z)">
          Zones
        </button>
        <button onClick={() => options.set({ help: !state.help })} title="Keyboard shortcuts (?)">
          ?
        </button>
      </div>
    </div>
  );
}
