// DENM relevance areas (a translucent disc over the awareness distance, the event position and
// its traces) and IVIM zones (the zone's centre line as a band of its lane width), while valid.
import { useMemo } from 'react';
import { BufferGeometry, Float32BufferAttribute } from 'three';
import { useViewer } from '../../context.ts';
import { useStoreValue } from '../../store/use-store.ts';
import { MeshBuilder, ribbon } from '../geometry/ribbons.ts';
import type { HazardZone } from '../../store/hazard-zones.ts';

/**
 * DENM traces as bands; IVIM zones as their two edges (a filled band over a corridor-long speed
 * limit zone would tint the whole road).
 */
function bands(zones: readonly HazardZone[], kind: 'denm' | 'ivim'): BufferGeometry | null {
  const b = new MeshBuilder();
  for (const z of zones) {
    if (z.kind !== kind) continue;
    for (const line of z.lines) {
      const xs: number[] = [];
      const ys: number[] = [];
      for (let i = 0; i + 1 < line.length; i += 2) xs.push(line[i]!), ys.push(line[i + 1]!);
      if (kind === 'ivim' && z.width > 0) {
        for (const side of [-1, 1]) ribbon(b, xs, ys, 0.25, 0.08, (side * (z.width - 0.25)) / 2);
      } else ribbon(b, xs, ys, 1.2, 0.08);
    }
  }
  if (b.empty) return null;
  const g = new BufferGeometry();
  g.setAttribute('position', new Float32BufferAttribute(b.positions, 3));
  g.setIndex(b.indices);
  return g;
}

export function Hazards() {
  const { store, options } = useViewer();
  const version = useStoreValue(store, (s) => s.hazards.version, 4);
  const shown = useStoreValue(store, () => options.state.hazards, 4);
  const zones = useMemo(() => [...store.hazards.zones.values()], [version, store]);
  const geo = useMemo(() => ({ denm: bands(zones, 'denm'), ivim: bands(zones, 'ivim') }), [zones]);
  if (!shown) return null;
  return (
    <group>
      {zones
        .filter((z) => z.kind === 'denm')
        .map((z) => (
          <group key={z.key} position={[z.x, 0, -z.y]}>
            {/* The awareness distance as a ring (a filled disc of up to 1 km would hide the road). */}
            <mesh rotation-x={-Math.PI / 2} position={[0, 0.07, 0]}>
              <ringGeometry args={[Math.max(0, Math.min(z.radius, 1000) - 3), Math.min(z.radius, 1000), 96]} />
              <meshBasicMaterial color="#ef5350" transparent opacity={0.45} depthWrite={false} />
            </mesh>
            <mesh rotation-x={-Math.PI / 2} position={[0, 0.07, 0]}>
              <ringGeometry args={[3, 4, 32]} />
              <meshBasicMaterial color="#ef5350" transparent opacity={0.8} depthWrite={false} />
            </mesh>
            <mesh position={[0, 2.5, 0]}>
              <octahedronGeometry args={[1.2]} />
              <meshStandardMaterial color="#ef5350" emissive="#b71c1c" emissiveIntensity={0.6} />
            </mesh>
          </group>
        ))}
      {geo.denm && (
        <mesh geometry={geo.denm}>
          <meshBasicMaterial color="#ef5350" transparent opacity={0.55} depthWrite={false} />
        </mesh>
      )}
      {geo.ivim && (
        <mesh geometry={geo.ivim}>
          <meshBasicMaterial color="#ba68c8" transparent opacity={0.3} depthWrite={false} />
        </mesh>
      )}
    </group>
  );
}
