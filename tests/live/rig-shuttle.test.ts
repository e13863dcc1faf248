// A test rig closes the loop over the network: it injects the sample obstacle DENM through an
// RSU of the default scenario, and the shuttle, read from the viewer's frames, slows down and
// never drives through the hazard in its lane, though nothing is physically there.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { connectRig } from '../../v2x/live/rig-client.ts';
import { rigPlugin } from '../../v2x/live/rig-namespace.ts';
import { ProtoFrameSource, decodeFrame } from '../../v2x/live/frame-builder.ts';
import type { LiveFrame } from '../../v2x/live/live-types.ts';
import { itsMessageFromJson } from '../../v2x/codec.ts';
import { fromEtsiLatitude, fromEtsiLongitude } from '../../v2x/units.ts';
import { geoOf } from '../../v2x/facilities/position.ts';
import { nearestLane } from '../../v2x/receivers/locate.ts';
import { project } from '../../sim/polyline.ts';
import { closeAll, startTestServer, until, viewer } from './helpers.ts';

const DEFAULT = fileURLToPath(new URL('../../scenarios/default.yaml', import.meta.url));
const DENM_FILE = fileURLToPath(new URL('../../scenarios/messages/obstacle-denm.json', import.meta.url));

afterEach(closeAll);

describe('rig injection closes the loop', () => {
  it('the shuttle reacts to an injected DENM before a phantom obstacle (read from the frames)', async () => {
    const server = await startTestServer({
      scenarioFile: DEFAULT,
      speed: 20,
      frameSource: () => new ProtoFrameSource({ includeV2x: false }),
      plugins: [rigPlugin()],
    });
    const world = () => server.runner.world;
    // Where the DENM puts the hazard: the eastbound kerb lane at about 1000 m.
    const json = JSON.parse(readFileSync(DENM_FILE, 'utf8')) as unknown;
    const denm = itsMessageFromJson(json);
    const pos = denm.denm!.management!.eventPosition!;
    const p = geoOf(world()).toLocal(fromEtsiLatitude(pos.latitude!)!, fromEtsiLongitude(pos.longitude!)!);
    const shuttleSlot = world().shuttles[0]!.slot;
    const route = world().routes[world().vehicles.route[shuttleSlot]!]!;
    const hazard = nearestLane(world().net, route, p.x, p.y)!;
    expect(hazard).not.toBeNull();
    const hazardShape = world().net.lanes[hazard.lane]!.shape;

    const frames: LiveFrame[] = [];
    const v = viewer(server);
    v.on('frame', (bytes) => {
      frames.push(decodeFrame(new Uint8Array(bytes as ArrayBuffer)));
    });
    await until(() => frames.length > 0, 10_000, 'first frame');

    // Like a real originator, the rig repeats its DENM: every simulated second (50 ms at 20x).
    const rig = await connectRig(server.url, 'rig-token-for-tests');
    const acks: boolean[] = [];
    const repeat = setInterval(() => {
      rig
        .inject({ rsuId: 'rsu-hotel-de-ville', message: json as Record<string, unknown> })
        .then((a) => acks.push(a.ok))
        // An inject still waiting for its ack when the rig disconnects at the end is not a failure.
        .catch(() => {});
    }, 50);

    // Follow the shuttles in the frames until one has been near the hazard and left it behind.
    const shuttleIds = new Set(world().shuttles.map((s) => world().vehicles.id[s.slot]!));
    let passedInLane = false;
    const nearSpeeds: number[] = [];
    let done = false;
    let seen = 0;
    await until(
      () => {
        for (; seen < frames.length; seen++) {
          const f = frames[seen]!;
          const V = f.vehicles;
          for (let k = 0; k < V.ids.length; k++) {
            if (!shuttleIds.has(V.ids[k]!)) continue;
            const along = project(hazardShape, V.x[k]!, V.y[k]!);
            if (along.distance > 6) continue; // not on this carriageway near the hazard
            const ahead = hazard.position - along.s;
            if (ahead > 0 && ahead < 60) nearSpeeds.push(V.speed[k]!);
            if (V.laneIds[k] === hazard.lane && ahead < -3) passedInLane = true;
            if (ahead < -30 && nearSpeeds.length > 0) done = true;
          }
        }
        return done || server.runner.world.time > 900;
      },
      60_000,
      'a shuttle to pass the hazard',
    ).finally(() => {
      clearInterval(repeat);
      rig.close();
    });
    expect(acks.length).toBeGreaterThan(10);
    expect(acks.every((ok) => ok)).toBe(true);
    expect(nearSpeeds.length).toBeGreaterThan(0);
    // Within 60 m of the hazard it had slowed towards its 15 km/h caution speed (or stopped), well
    // below its 22 km/h; how early it heard the DENM depends on wall-clock timing, hence the margin.
    expect(Math.max(...nearSpeeds)).toBeLessThan(18 / 3.6);
    expect(passedInLane).toBe(false);
  }, 90_000);
});
