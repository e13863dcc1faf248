// Pedestrians waiting at or walking over crosswalks: one InstancedMesh, matrices per frame.
import { useFrame } from '@react-three/fiber';
import { useMemo, useRef, useState } from 'react';
import { CapsuleGeometry, Color, InstancedMesh, Matrix4 } from 'three';
import { useViewer } from '../../context.ts';

const WALKING = new Color('#ff7043');
const WAITING = new Color('#7e57c2');

export function Pedestrians() {
  const { store } = useViewer();
  const [capacity, setCapacity] = useState(128);
  const mesh = useRef<InstancedMesh>(null);
  const geometry = useMemo(() => {
    const g = new CapsuleGeometry(0.25, 1.2, 4, 8);
    g.translate(0, 0.85, 0);
    return g;
  }, []);
  const m = useMemo(() => new Matrix4(), []);
  useFrame(() => {
    const p = store.cur?.pedestrians;
    const mm = mesh.current;
    if (!p || !mm) return;
    const n = p.ids.length;
    if (n > capacity) {
      setCapacity(capacity * 2 >= n ? capacity * 2 : n);
      return;
    }
    for (let k = 0; k < n; k++) {
      m.makeTranslation(p.x[k]!, 0, -p.y[k]!);
      mm.setMatrixAt(k, m);
      mm.setColorAt(k, p.walking[k] ? WALKING : WAITING);
    }
    mm.count = n;
    mm.instanceMatrix.needsUpdate = true;
    if (mm.instanceColor) mm.instanceColor.needsUpdate = true;
  });
  return (
    <instancedMesh key={capacity} ref={mesh} args={[geometry, undefined, capacity]} frustumCulled={false}>
      <meshStandardMaterial color="#ffffff" />
    </instancedMesh>
  );
}
