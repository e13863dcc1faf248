// V2X transmissions: an expanding ring at the sender for each message, and a line from the
// sender to every station that received it, fading over RADIO_BATCH_LIFETIME_MS. Filtered by the
// radio groups chosen in the view options. Preallocated buffers (no allocation per frame); when
// more lines than MAX_LINES are due in one render frame, the newest are drawn.
import { useFrame } from '@react-three/fiber';
import { useMemo, useRef } from 'react';
import { BufferAttribute, BufferGeometry, Color, InstancedMesh, LineSegments, Matrix4, RingGeometry } from 'three';
import { useViewer } from '../../context.ts';
import { RADIO_BATCH_LIFETIME_MS } from '../../store/frame-store.ts';
import { FAMILY_COLOURS } from '../../store/view-options.ts';
import type { Family } from '../../../../v2x/families.ts';

const MAX_PULSES = 2048;
const MAX_LINES = 16384;
const PULSE_RADIUS = 14;
const H = 1.5;

export function Radio() {
  const { store, options } = useViewer();
  const pulses = useRef<InstancedMesh>(null);
  const lines = useRef<LineSegments>(null);
  const colours = useMemo(() => {
    const m = new Map<Family, Color>();
    for (const [f, c] of Object.entries(FAMILY_COLOURS)) m.set(f as Family, new Color(c));
    return m;
  }, []);
  const ring = useMemo(() => new RingGeometry(0.85, 1, 32).rotateX(-Math.PI / 2), []);
  const lineGeometry = useMemo(() => {
    const g = new BufferGeometry();
    g.setAttribute('position', new BufferAttribute(new Float32Array(MAX_LINES * 6), 3));
    g.setAttribute('color', new BufferAttribute(new Float32Array(MAX_LINES * 6), 3));
    g.setDrawRange(0, 0);
    return g;
  }, []);
  const m = useMemo(() => new Matrix4(), []);
  const c = useMemo(() => new Color(), []);

  useFrame(() => {
    const now = performance.now();
    const pm = pulses.current;
    const pos = lineGeometry.getAttribute('position') as BufferAttribute;
    const col = lineGeometry.getAttribute('color') as BufferAttribute;
    const P = pos.array as Float32Array;
    const C = col.array as Float32Array;
    let np = 0;
    let nl = 0;
    const batches = store.radio;
    // Newest batches first, so the cap keeps the most recent traffic.
    for (let b = batches.length - 1; b >= 0; b--) {
      const batch = batches.at(b)!;
      const age = (now - batch.at) / RADIO_BATCH_LIFETIME_MS;
      if (age >= 1) break;
      const fade = 1 - Math.max(0, age);
      for (const msg of batch.messages) {
        if (!options.showsFamily(msg.family)) continue;
        const base = colours.get(msg.family)!;
        if (pm && np < MAX_PULSES) {
          const r = PULSE_RADIUS * Math.max(0.05, age);
          m.makeScale(r, 1, r).setPosition(msg.x, H, -msg.y);
          pm.setMatrixAt(np, m);
          pm.setColorAt(np, c.copy(base).multiplyScalar(fade));
          np++;
        }
        for (const rx of msg.receivers) {
          if (nl >= MAX_LINES) break;
          const to = store.stationPositions.get(rx);
          if (!to) continue;
          const o = nl * 6;
          P[o] = msg.x; P[o + 1] = H; P[o + 2] = -msg.y;
          P[o + 3] = to.x; P[o + 4] = H; P[o + 5] = -to.y;
          C[o] = C[o + 3] = base.r * fade;
          C[o + 1] = C[o + 4] = base.g * fade;
          C[o + 2] = C[o + 5] = base.b * fade;
          nl++;
        }
      }
    }
    if (pm) {
      pm.count = np;
      pm.instanceMatrix.needsUpdate = true;
      if (pm.instanceColor) pm.instanceColor.needsUpdate = true;
    }
    lineGeometry.setDrawRange(0, nl * 2);
    pos.needsUpdate = true;
    col.needsUpdate = true;
  });

  return (
    <group>
      <instancedMesh ref={pulses} args={[ring, undefined, MAX_PULSES]} frustumCulled={false}>
        <meshBasicMaterial color="#ffffff" transparent opacity={0.9} depthWrite={false} />
      </instancedMesh>
      <lineSegments ref={lines} geometry={lineGeometry} frustumCulled={false}>
        <lineBasicMaterial vertexColors transparent opacity={0.7} depthWrite={false} />
      </lineSegments>
    </group>
  );
}
