// Roadside units: a mast with its antenna, and a translucent disc of its nominal coverage (the
// line-of-sight distance of a 90 % delivery ratio, Snapshot.rsus[].coverageRadius). Clicking a
// mast selects the RSU.
import type { ThreeEvent } from '@react-three/fiber';
import type { LiveSnapshot } from '../../../../v2x/live/live-types.ts';
import { useViewer } from '../../context.ts';

export function Rsus({ snapshot }: { snapshot: LiveSnapshot }) {
  const { store } = useViewer();
  return (
    <group>
      {snapshot.rsus.map((r, i) => {
        const radius = r.coverageRadius;
        const select = (e: ThreeEvent<MouseEvent>) => {
          e.stopPropagation();
          store.select({ kind: 'rsu', index: i });
        };
        return (
          <group key={r.key} position={[r.x, 0, -r.y]}>
            <mesh position={[0, r.mastHeight / 2, 0]} onClick={select}>
              <cylinderGeometry args={[0.15, 0.2, r.mastHeight, 10]} />
              <meshStandardMaterial color="#8a96a3" metalness={0.4} roughness={0.5} />
            </mesh>
            <mesh position={[0, r.mastHeight + 0.4, 0]} onClick={select}>
              <boxGeometry args={[0.5, 0.8, 0.5]} />
              <meshStandardMaterial color="#1e88e5" emissive="#0d47a1" emissiveIntensity={0.4} />
            </mesh>
            {radius > 0 && (
              <mesh rotation-x={-Math.PI / 2} position={[0, 0.06, 0]}>
                <circleGeometry args={[radius, 64]} />
                <meshBasicMaterial color="#1e88e5" transparent opacity={0.08} depthWrite={false} />
              </mesh>
            )}
          </group>
        );
      })}
    </group>
  );
}
