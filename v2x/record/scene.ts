// `--record-foxglove`: the corridor in Foxglove's well-known scene schema (foxglove.SceneUpdate,
// v2x/record/proto/foxglove/scene.proto) on /foxglove/scene, so the 3D panel of Foxglove or
// Lichtblick draws it: at the start of each segment the map (lanes as line strips, RSUs as
// cylinders), then twice per simulated second the vehicles as boxes of their type's size and
// colour, in the frame "corridor" (local metres: x east, y north, z up).
import protobuf from 'protobufjs';
import 'protobufjs/ext/descriptor.js';
import type { World } from '../../sim/world.ts';
import { vehiclePose } from '../../sim/pose.ts';
import { DRIVER_PARAMS, VEHICLE_TYPE_NAMES } from '../../sim/vehicle-types.ts';
import type { Pose } from '../../sim/polyline.ts';
import { fileDescriptorSet } from './schemas.ts';
import { SCHEMAS } from './topics.ts';

export const SCENE_FRAME = 'corridor';
/** Vehicle boxes per simulated second. */
export const SCENE_RATE = 2;

type Rgba = { r: number; g: number; b: number; a: number };
/** car, bus, truck, shuttle (the viewer's palette). */
const COLOURS: Rgba[] = [
  { r: 0.55, g: 0.63, b: 0.71, a: 1 },
  { r: 0.95, g: 0.6, b: 0.2, a: 1 },
  { r: 0.55, g: 0.42, b: 0.32, a: 1 },
  { r: 0.3, g: 0.69, b: 0.31, a: 1 },
];
const HEIGHTS = [1.5, 3.2, 3.5, 2.6];

export class SceneEncoder {
  private readonly type: protobuf.Type;
  private readonly pose: Pose = { x: 0, y: 0, theta: 0 };

  constructor() {
    this.type = protobuf.Root.fromDescriptor(fileDescriptorSet(), { keepCase: true }).lookupType(SCHEMAS.scene);
  }

  /** The map: one entity of lanes, one of RSUs. */
  map(world: World, logNs: bigint): Uint8Array {
    const timestamp = stamp(logNs);
    const lines = world.net.lanes.map((l) => ({
      type: 0,
      pose: IDENTITY,
      thickness: 0.15,
      scale_invariant: false,
      points: Array.from(l.shape.xs, (x, k) => ({ x, y: l.shape.ys[k]!, z: 0 })),
      color: { r: 0.6, g: 0.62, b: 0.65, a: 1 },
    }));
    const cylinders = world.net.rsus.map((r) => ({
      pose: { position: { x: r.x, y: r.y, z: r.mastHeight / 2 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
      size: { x: 0.6, y: 0.6, z: r.mastHeight },
      bottom_scale: 1,
      top_scale: 1,
      color: { r: 0.2, g: 0.45, b: 0.9, a: 1 },
    }));
    return this.encode([
      { timestamp, frame_id: SCENE_FRAME, id: 'lanes', lines },
      { timestamp, frame_id: SCENE_FRAME, id: 'rsus', cylinders },
    ]);
  }

  /** Every vehicle as a box centred on its body, turned to its heading. */
  vehicles(world: World, logNs: bigint): Uint8Array {
    const V = world.vehicles;
    const cubes: object[] = [];
    const p = this.pose;
    for (let i = 0; i < V.top; i++) {
      if (V.alive[i] === 0) continue;
      vehiclePose(world, i, p);
      const type = V.type[i]!;
      const params = DRIVER_PARAMS[VEHICLE_TYPE_NAMES[type] ?? 'car'];
      const len = V.length[i]! || params.length;
      const h = HEIGHTS[type] ?? 1.5;
      // The pose is the front bumper: the box centre is half a length behind it.
      const cx = p.x - (Math.cos(p.theta) * len) / 2;
      const cy = p.y - (Math.sin(p.theta) * len) / 2;
      cubes.push({
        pose: { position: { x: cx, y: cy, z: h / 2 }, orientation: { x: 0, y: 0, z: Math.sin(p.theta / 2), w: Math.cos(p.theta / 2) } },
        size: { x: len, y: params.width, z: h },
        color: COLOURS[type] ?? COLOURS[0],
      });
    }
    return this.encode([{ timestamp: stamp(logNs), frame_id: SCENE_FRAME, id: 'vehicles', cubes }]);
  }

  private encode(entities: object[]): Uint8Array {
    return this.type.encode({ deletions: [], entities }).finish();
  }
}

const IDENTITY = { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } };

function stamp(ns: bigint): { seconds: number; nanos: number } {
  return { seconds: Number(ns / 1_000_000_000n), nanos: Number(ns % 1_000_000_000n) };
}
