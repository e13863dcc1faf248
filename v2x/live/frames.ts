// The seam between the live server and the frame encoding: the server asks a FrameSource for
// bytes and never looks inside them; the viewer decodes them with the generated types.
import type { World } from '../../sim/world.ts';
import type { SimEvent } from '../../sim/events.ts';
import type { TickTraffic } from '../runtime.ts';

/** Builds the binary snapshot and the per-interval frames of one live session. */
export interface FrameSource {
  /** Everything a viewer needs on connect: scenario metadata, network geometry, MAP data, full current state. */
  snapshot(world: World): Uint8Array;
  /** Accumulates one simulated tick (its events and V2X traffic) into the pending frame. */
  addTick(world: World, events: readonly SimEvent[], traffic: TickTraffic | undefined): void;
  /** The pending frame (state at the last tick added, plus everything since the previous flush), encoded; null if no tick was added. */
  flush(world: World): Uint8Array | null;
}
