// Static road network: asphalt, markings, platforms and ground; rebuilt on every snapshot.
import { useMemo } from 'react';
import { BufferGeometry, DoubleSide, Float32BufferAttribute } from 'three';
import type { LiveSnapshot } from '../../../../v2x/live/live-types.ts';
import { buildRoadMeshes } from '../geometry/road-geometry.ts';
import type { MeshBuilder } from '../geometry/ribbons.ts';

function toGeometry(m: MeshBuilder): BufferGeometry {
  const g = new BufferGeometry();
  g.setAttribute('position', new Float32BufferAttribute(m.positions, 3));
  g.setIndex(m.indices);
  g.computeVertexNormals();
  return g;
}

export function Roads({ snapshot }: { snapshot: LiveSnapshot }) {
  const meshes = useMemo(() => {
    const r = buildRoadMeshes(snapshot);
    return { asphalt: toGeometry(r.asphalt), markings: toGeometry(r.markings), stops: toGeometry(r.stops) };
  }, [snapshot]);
  return (
    <group>
      <mesh geometry={meshes.asphalt} receiveShadow>
        <meshStandardMaterial color="#3b4148" roughness={0.95} side={DoubleSide} />
      </mesh>
      <mesh geometry={meshes.markings}>
        <meshStandardMaterial color="#e8e8e2" roughness={0.8} side={DoubleSide} />
      </mesh>
      <mesh geometry={meshes.stops}>
        <meshStandardMaterial color="#b9c4cf" roughness={0.9} side={DoubleSide} />
      </mesh>
    </group>
  );
}

/** Ground plane far beyond the network (the scene's fog blends its edge into the sky). */
export function Ground({ snapshot }: { snapshot: LiveSnapshot }) {
  const b = useMemo(() => networkBounds(snapshot), [snapshot]);
  const w = b.maxX - b.minX + 20000;
  const h = b.maxY - b.minY + 20000;
  return (
    <mesh rotation-x={-Math.PI / 2} position={[(b.minX + b.maxX) / 2, 0, -(b.minY + b.maxY) / 2]} receiveShadow>
      <planeGeometry args={[w, h]} />
      {/* Pushed back in depth: the road a few cm above must win even far away (coarse depth precision). */}
      <meshStandardMaterial color="#a9b79a" roughness={1} polygonOffset polygonOffsetFactor={4} polygonOffsetUnits={4} />
    </mesh>
  );
}

export interface Bounds {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

export function networkBounds(s: LiveSnapshot): Bounds {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const l of s.lanes) {
    for (const x of l.xs) (minX = Math.min(minX, x)), (maxX = Math.max(maxX, x));
    for (const y of l.ys) (minY = Math.min(minY, y)), (maxY = Math.max(maxY, y));
  }
  if (!Number.isFinite(minX)) return { minX: -100, maxX: 100, minY: -100, maxY: 100 };
  return { minX, maxX, minY, maxY };
}
