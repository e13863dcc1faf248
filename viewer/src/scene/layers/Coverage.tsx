// The heat layer of the shuttles' delivery ratio from their best RSU, one dot per 20 m cell where
// they drove (at the mean of their positions in it, so on the road): red below 50 %, amber below 90 %, green from 90 % (the evaluation's "covered").
// Redrawn at most once a second as cells fill.
import { useLayoutEffect, useMemo, useRef } from 'react';
import { CircleGeometry, Color, InstancedMesh, Matrix4 } from 'three';
import { useViewer } from '../../context.ts';
import { cellRatio } from '../../store/link-quality.ts';
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
  // A dot per cell (not a filled square): a trail along the route that leaves the road readable.
  const geometry = useMemo(() => new CircleGeometry(2.2, 16).rotateX(-Math.PI / 2), []);
  // Capacity grows in powers of two, so the mesh is recreated only a few times per session.
  const capacity = Math.max(64, 2 ** Math.ceil(Math.log2(Math.max(1, cells.length))));
  const mesh = useRef<InstancedMesh>(null);
  useLayoutEffect(() => {
    const im = mesh.current;
    if (!im) return;
    const m = new Matrix4();
    const col = new Color();
    cells.forEach(({ c, r }, i) => {
      m.makeTranslation(c.sx / c.n, 0.09, -c.sy / c.n);
      im.setMatrixAt(i, m);
      im.setColorAt(i, ratioColour(r, col));
    });
    im.count = cells.length;
    im.instanceMatrix.needsUpdate = true;
    if (im.instanceColor) im.instanceColor.needsUpdate = true;
  }, [cells, capacity, shown]);
  if (!shown) return null;
  return (
    <instancedMesh key={capacity} ref={mesh} args={[geometry, undefined, capacity]} frustumCulled={false}>
      <meshBasicMaterial color="#ffffff" transparent opacity={0.75} depthWrite={false} />
    </instancedMesh>
  );
}
