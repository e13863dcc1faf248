// Cameras: orbit (drag to rotate, wheel to zoom, right-drag to pan), follow the shuttle (the
// selected one, else the first; a chase view that keeps behind it), and the route preview: a
// top view framing the whole shuttle line with its stops, for presenting the route.
import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import { PerspectiveCamera, Vector3 } from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { LiveSnapshot } from '../../../v2x/live/live-types.ts';
import { LiveVehicleType } from '../../../v2x/live/live-types.ts';
import { useViewer } from '../context.ts';
import { networkBounds, type Bounds } from '../scene/layers/Roads.tsx';

/** Bounds of the shuttle stops (the line), or of the whole network when there is none. */
export function routeBounds(s: LiveSnapshot): Bounds {
  if (s.shuttleStops.length < 2) return networkBounds(s);
  const xs = s.shuttleStops.map((p) => p.x);
  const ys = s.shuttleStops.map((p) => p.y);
  return { minX: Math.min(...xs), maxX: Math.max(...xs), minY: Math.min(...ys), maxY: Math.max(...ys) };
}

/** Camera height that fits a w x h (m) area in the view, with a margin. */
function heightToFit(camera: PerspectiveCamera, w: number, h: number): number {
  const vfov = (camera.fov * Math.PI) / 180;
  const hfov = 2 * Math.atan(Math.tan(vfov / 2) * camera.aspect);
  return Math.max(h / 2 / Math.tan(vfov / 2), w / 2 / Math.tan(hfov / 2)) * 1.12;
}

export function CameraRig({ snapshot }: { snapshot: LiveSnapshot }) {
  const { store, options } = useViewer();
  const camera = useThree((s) => s.camera) as PerspectiveCamera;
  const dom = useThree((s) => s.gl.domElement);
  const controls = useMemo(() => new OrbitControls(camera, dom), [camera, dom]);
  const mode = useRef(options.state.camera);
  const followed = useRef(new Vector3());
  const scratch = useMemo(() => ({ a: new Vector3(), b: new Vector3() }), []);

  useEffect(() => {
    controls.enableDamping = true;
    controls.maxPolarAngle = Math.PI / 2 - 0.05;
    controls.screenSpacePanning = false;
    return () => controls.dispose();
  }, [controls]);

  // Overview on every new snapshot: from beyond one end of the network and above, looking along
  // it, so the near junctions show their traffic and the rest of the corridor recedes in relief.
  useEffect(() => {
    const b = networkBounds(snapshot);
    const alongX = b.maxX - b.minX >= b.maxY - b.minY;
    const length = Math.max(alongX ? b.maxX - b.minX : b.maxY - b.minY, 200);
    const cx = (b.minX + b.maxX) / 2;
    const cy = (b.minY + b.maxY) / 2;
    // Start of the main axis (west or south end), the axis and its right-hand normal.
    const [sx, sy, ux, uy] = alongX ? [b.minX, cy, 1, 0] : [cx, b.minY, 0, 1];
    const [nx, ny] = [uy, -ux];
    // Far enough for the whole network seen from the overview, however long.
    camera.near = 1;
    camera.far = Math.max(20000, 4 * length);
    camera.position.set(sx - ux * 0.08 * length + nx * 0.22 * length, 0.1 * length, -(sy - uy * 0.08 * length + ny * 0.22 * length));
    camera.updateProjectionMatrix();
    controls.target.set(sx + ux * 0.36 * length, 0, -(sy + uy * 0.36 * length));
    controls.update();
  }, [snapshot, camera, controls]);

  // Keep what the camera frames centred in the part of the canvas the side panel leaves free.
  const offset = useRef({ w: 0, h: 0, panel: -1 });
  const size = useThree((s) => s.size);
  useFrame(() => {
    const panel = document.querySelector('[data-testid="side-panel"]');
    const pw = panel ? Math.min(panel.getBoundingClientRect().width + 20, size.width / 2) : 0;
    const o = offset.current;
    if (o.w === size.width && o.h === size.height && o.panel === pw) return;
    offset.current = { w: size.width, h: size.height, panel: pw };
    if (pw > 0) camera.setViewOffset(size.width, size.height, pw / 2, 0, size.width, size.height);
    else camera.clearViewOffset();
    camera.updateProjectionMatrix();
  });

  useEffect(
    () =>
      options.subscribe(() => {
        const next = options.state.camera;
        if (next === mode.current) return;
        mode.current = next;
        if (next === 'route') {
          const b = routeBounds(snapshot);
          const cx = (b.minX + b.maxX) / 2;
          const cy = (b.minY + b.maxY) / 2;
          // Fit the line in the canvas width the side panel leaves free.
          const free = offset.current.w > 0 ? (offset.current.w - offset.current.panel) / offset.current.w : 1;
          const h = heightToFit(camera, (b.maxX - b.minX + 120) / free, b.maxY - b.minY + 120);
          // Straight down with north up.
          camera.position.set(cx, h, -cy + 0.01);
          controls.target.set(cx, 0, -cy);
          controls.update();
        }
      }),
    [options, snapshot, camera, controls],
  );

  useFrame(() => {
    if (mode.current === 'follow') {
      // The poses the vehicle layer interpolated for this (or the previous) render frame.
      const poses = store.lastPoses;
      const sel = store.selection?.kind === 'vehicle' ? store.selection.id : -1;
      let k = -1;
      for (let i = 0; i < poses.count; i++) {
        if (poses.types[i] !== LiveVehicleType.VEHICLE_TYPE_SHUTTLE) continue;
        if (k < 0 || poses.ids[i] === sel) k = i;
        if (poses.ids[i] === sel) break;
      }
      if (k >= 0) {
        const h = poses.heading[k]!;
        const target = scratch.a.set(poses.x[k]!, 1.5, -poses.y[k]!);
        // Behind and above the shuttle, eased so the view does not jerk at each frame.
        const wanted = scratch.b.set(poses.x[k]! - Math.cos(h) * 28, 14, -(poses.y[k]! - Math.sin(h) * 28));
        followed.current.lerp(wanted, followed.current.lengthSq() === 0 ? 1 : 0.08);
        camera.position.copy(followed.current);
        controls.target.copy(target);
      }
    } else followed.current.set(0, 0, 0);
    controls.update();
  });
  return null;
}
