// Extruded building footprints, merged into one mesh (one draw call however many buildings).
import { useMemo } from 'react';
import { ExtrudeGeometry, Shape, Vector2, type BufferGeometry } from 'three';
import { mergeGeometries } from 'three/examples/jsm/utils/BufferGeometryUtils.js';
import type { LiveSnapshot } from '../../../../v2x/live/live-types.ts';

export function Buildings({ snapshot }: { snapshot: LiveSnapshot }) {
  const geometry = useMemo(() => {
    const parts: BufferGeometry[] = [];
    for (const b of snapshot.buildings) {
      if (b.xs.length < 3) continue;
      // Shape in the (x, -y) plane, extruded along +z, then turned so +z becomes +Y (up).
      const shape = new Shape(b.xs.map((x, i) => new Vector2(x, b.ys[i]!)));
      const g = new ExtrudeGeometry(shape, { depth: b.height, bevelEnabled: false });
      g.rotateX(-Math.PI / 2);
      parts.push(g.index ? g.toNonIndexed() : g);
    }
    return parts.length > 0 ? mergeGeometries(parts) : null;
  }, [snapshot]);
  if (!geometry) return null;
  return (
    <mesh geometry={geometry} castShadow receiveShadow>
      <meshStandardMaterial color="#d8cfc0" roughness={0.9} />
    </mesh>
  );
}
