// The heat layer of the shuttles' delivery ratio from their best RSU, in 20 m cells where they
// drove: red below 50 %, amber below 90 %, green from 90 % (the evaluation's "covered").
// Redrawn at most once a second as cells fill.
import { useMemo } from 'react';
import { Color, InstancedMesh, Matrix4, PlaneGeometry } from 'three';
import { useViewer } from '../../context.ts';
import { CELL_METRES, cellRatio } from '../../store/link-quality.ts';
import { useStoreValue } from '../../store/use-store.ts';

export function ratioColour(r: number, out = new Color()): Color {
  if (r >= 0.9) return out.set('#2e7d32');
  if (r >= 0.5) return out.set('#f9a825');
  return out.set('#c62828');
}

export function Coverage() {
  const { store, options } = useViewer();
  const version = useStoreValue(store, (s) => s.link.version, 1);
  const shown = useStoreValue(store, () => options.state.coverage, 4);
  const cells = useMemo(() => [...store.link.cells.values()].map((c) => ({ c, r: cellRatio(c) })).filter((x) => !Number.isNaN(x.r)), [version, store]);
  const geometry = useMemo(() => new PlaneGeometry(CELL_METRES * 0.9, CELL_METRES * 0.9).rotateX(-Math.PI / 2), []);
  if (!shown || cells.length === 0) return null;
  return (
    <instancedMesh
      key={cells.length}
      args={[geometry, undefined, cells.length]}
      ref={(mesh: InstancedMesh | null) => {
        if (!mesh) return;
        const m = new Matrix4();
        const col = new Color();
        cells.forEach(({ c, r }, i) => {
          m.makeTranslation((c.cx + 0.5) * CELL_METRES, 0.05, -(c.cy + 0.5) * CELL_METRES);
          mesh.setMatrixAt(i, m);
          mesh.setColorAt(i, ratioColour(r, col));
        });
        mesh.instanceMatrix.needsUpdate = true;
        if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
      }}
      frustumCulled={false}
    >
      <meshBasicMaterial color="#ffffff" transparent opacity={0.35} depthWrite={false} />
    </instancedMesh>
  );
}
