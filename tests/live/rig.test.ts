// The /rig namespace over loopback with the rig client library: token, injections through an RSU
// into the running session, every kind of bad input refused with its reason while the session
// keeps ticking, and RSU uplink batches (one per tick) with decoded CAMs.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { connectRig, type RigClient } from '../../v2x/live/rig-client.ts';
import { rigPlugin } from '../../v2x/live/rig-namespace.ts';
import { decodeItsMessage, encodeItsMessage, itsMessageToJson } from '../../v2x/codec.ts';
import type { ItsMessage } from '../../v2x/message-types.ts';
import type { ErrorEvent } from '../../v2x/live/events.ts';
import { MAX_TRANSPORT_BYTES, type LiveServer } from '../../v2x/live/server.ts';
import type { TickTraffic } from '../../v2x/runtime.ts';
import { injectCommand } from '../../cli/inject.ts';
import { RIG_TOKEN, closeAll, startTestServer, until } from './helpers.ts';

const DEFAULT = fileURLToPath(new URL('../../scenarios/default.yaml', import.meta.url));
const DENM_FILE = fileURLToPath(new URL('../../scenarios/messages/obstacle-denm.json', import.meta.url));
const IVIM_FILE = fileURLToPath(new URL('../../scenarios/messages/speed-limit-ivim.json', import.meta.url));
const denmJson = () => JSON.parse(readFileSync(DENM_FILE, 'utf8')) as Record<string, unknown>;

const rigs: RigClient[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) r.close();
  await closeAll();
});

async function start(options: Parameters<typeof rigPlugin>[0] = {}): Promise<LiveServer> {
  return startTestServer({ scenarioFile: DEFAULT, plugins: [rigPlugin(options)] });
}

async function rig(server: LiveServer, token = RIG_TOKEN): Promise<RigClient> {
  const r = await connectRig(server.url, token);
  rigs.push(r);
  return r;
}

/** The transmissions of every tick from now on. */
function recordTraffic(server: LiveServer): TickTraffic[] {
  const out: TickTraffic[] = [];
  server.runner.ticks$.subscribe(({ traffic }) => traffic && out.push(traffic));
  return out;
}

describe('/rig: token', () => {
  it('refuses a rig without a token or with a wrong one, and counts both', async () => {
    const server = await start();
    await expect(connectRig(server.url, '')).rejects.toThrow(/rig token required/);
    await expect(connectRig(server.url, 'not-the-token')).rejects.toThrow(/rig token rejected/);
    expect(server.counters.rejected('rig.missing-token')).toBe(1);
    expect(server.counters.rejected('rig.wrong-token')).toBe(1);
    expect(server.io.of('/rig').sockets.size).toBe(0);
  });
});

describe('/rig: inject', () => {
  it('sends the sample obstacle DENM through an RSU at the acked tick, through the channel', async () => {
    const server = await start();
    const r = await rig(server);
    const traffic = recordTraffic(server);
    const ack = await r.inject({ rsuId: 'rsu-hotel-de-ville', message: denmJson() });
    expect(ack).toEqual({ ok: true, id: 1, tick: expect.any(Number) });
    if (!ack.ok) return;
    await until(() => traffic.some((t) => t.tick >= ack.tick), 5000, 'the acked tick');
    const t = traffic.find((x) => x.tick === ack.tick)!;
    const tx = t.transmissions.find((x) => x.family === 'denm' && x.message.denm?.management?.actionId?.sequenceNumber === 901)!;
    expect(tx).toBeDefined();
    expect(tx.senderStationId).toBe(1002); // rsu-hotel-de-ville, second RSU
    expect(decodeItsMessage(tx.bytes).denm?.situation?.eventType?.causeCode).toBe(10);
    expect(server.counters.accepted('rig.inject')).toBe(1);
    // Binary and a virtual station by lat/lon, and the IVIM.
    const bin = encodeItsMessage(decodeItsMessage(tx.bytes));
    const ack2 = await r.inject({ position: { lat: 47.0814, lon: 2.4005 }, stationId: 4242, message: bin });
    expect(ack2).toMatchObject({ ok: true, id: 2 });
    const ack3 = await r.inject({ rsuId: 'rsu-hotel-de-ville', message: readFileSync(IVIM_FILE, 'utf8') });
    expect(ack3).toMatchObject({ ok: true, id: 3 });
    if (!ack2.ok) return;
    await until(() => traffic.some((x) => x.tick >= ack2.tick), 5000, 'second tick');
    expect(traffic.find((x) => x.tick === ack2.tick)!.transmissions.some((x) => x.senderStationId === 4242)).toBe(true);
  });

  it('refuses each bad input with its reason and a counter, to that rig only, while the session keeps ticking', async () => {
    const server = await start({ maxBytes: 4096 });
    const r = await rig(server);
    const errors: ErrorEvent[] = [];
    r.onError((e) => errors.push(e));
    const traffic = recordTraffic(server);
    const latBad = denmJson() as { denm: { management: { eventPosition: { latitude: number } } } };
    latBad.denm.management.eventPosition.latitude = 910_000_000;
    const cam = await heardCam(server);
    const camJson = itsMessageToJson(cam) as { cam: { camParameters: { highFrequencyContainer: { basicVehicleContainerHighFrequency: { speed: { speedValue: number } } } } } };
    camJson.cam.camParameters.highFrequencyContainer.basicVehicleContainerHighFrequency.speed.speedValue = -1;
    const cases: [string, Parameters<RigClient['inject']>[0], RegExp][] = [
      ['rig.not-protobuf', { rsuId: 'rsu-gare', message: new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 9, 9]) }, /malformed protobuf/],
      ['rig.no-payload', { rsuId: 'rsu-gare', message: new Uint8Array([0x0a, 0x06, 0x08, 0x02, 0x10, 0x01, 0x18, 0x07, 0x98, 0x06, 0x01]) }, /without payload/],
      ['rig.no-payload', { rsuId: 'rsu-gare', message: { header: { protocolVersion: 2, messageId: 1, stationId: 3 } } }, /without payload/],
      ['rig.out-of-range', { rsuId: 'rsu-gare', message: latBad }, /eventPosition\.latitude: 910000000 out of range/],
      ['rig.out-of-range', { rsuId: 'rsu-gare', message: camJson }, /speedValue: -1 does not fit/],
      ['rig.unknown-rsu', { rsuId: 'rsu-nowhere', message: denmJson() }, /unknown RSU "rsu-nowhere"; RSUs: rsu-gare, /],
      ['rig.oversize', { rsuId: 'rsu-gare', message: new Uint8Array(5000) }, /5000 bytes, over the 4096-byte limit/],
      ['rig.bad-request', { rsuId: 'rsu-gare' } as never, /inject expects/],
    ];
    for (const [code, request, reason] of cases) {
      const before = server.counters.rejected(code);
      const tick = server.runner.world.tick;
      const ack = await r.inject(request);
      expect(ack.ok, code).toBe(false);
      if (!ack.ok) expect(ack.error).toMatch(reason);
      expect(server.counters.rejected(code)).toBe(before + 1);
      await until(() => server.runner.world.tick > tick + 2, 5000, `ticks after ${code}`);
    }
    await until(() => errors.length === cases.length, 2000, 'error events');
    expect(errors.map((e) => e.code)).toEqual(cases.map((c) => c[0]));
    expect(server.counters.accepted('rig.inject')).toBe(0);
    // Nothing was transmitted for them.
    expect(traffic.some((t) => t.transmissions.some((x) => x.senderStationId === 3 || x.message.header?.stationId === 3))).toBe(false);
    // Still usable afterwards.
    expect(await r.inject({ rsuId: 'rsu-gare', message: denmJson() })).toMatchObject({ ok: true, id: 1 });
  });

  it('refuses more than maxPerSecond injections per second per rig (token bucket), not another rig', async () => {
    const server = await start({ maxPerSecond: 10 });
    const a = await rig(server);
    const b = await rig(server);
    const acks = await Promise.all(Array.from({ length: 16 }, () => a.inject({ rsuId: 'rsu-gare', message: denmJson() })));
    const ok = acks.filter((x) => x.ok).length;
    const limited = acks.filter((x) => !x.ok && /over 10 injections per second/.test(x.error)).length;
    expect(ok).toBeGreaterThanOrEqual(10);
    expect(ok).toBeLessThanOrEqual(12);
    expect(ok + limited).toBe(16);
    expect(server.counters.rejected('rig.rate-limited')).toBe(limited);
    expect(await b.inject({ rsuId: 'rsu-gare', message: denmJson() })).toMatchObject({ ok: true });
  });

  it('a message over 64 KiB: refused by the client library, refused with a reason if sent raw, cut by the transport beyond 256 KiB (that connection only)', async () => {
    const server = await start();
    const r = await rig(server);
    const ack = await r.inject({ rsuId: 'rsu-gare', message: new Uint8Array(64 * 1024 + 1) });
    expect(ack).toEqual({ ok: false, error: expect.stringMatching(/65537 bytes, over the 65536-byte limit \(not sent\)/) });
    const raw = connect(`${server.url}/rig`, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: RIG_TOKEN } });
    await new Promise<void>((ok) => raw.once('connect', () => ok()));
    const refused = await new Promise<unknown>((ok) => raw.emit('inject', { rsuId: 'rsu-gare', message: new Uint8Array(70_000) }, ok));
    expect(refused).toEqual({ ok: false, error: expect.stringMatching(/70000 bytes, over the 65536-byte limit/) });
    expect(server.counters.rejected('rig.oversize')).toBe(1);
    raw.emit('inject', { rsuId: 'rsu-gare', message: new Uint8Array(MAX_TRANSPORT_BYTES + 1024) }, () => {});
    await until(() => server.counters.rejected('oversize') === 1, 3000, 'oversize counted');
    raw.disconnect();
    const tick = server.runner.world.tick;
    await until(() => server.runner.world.tick > tick + 2, 3000, 'ticks');
    expect(await r.inject({ rsuId: 'rsu-gare', message: denmJson() })).toMatchObject({ ok: true });
  });

  it('corridor inject: exit 0 accepted, 1 refused, 2 bad arguments or file', async () => {
    const server = await start();
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(l), env: {} };
    expect(await injectCommand(['--url', server.url, '--token', RIG_TOKEN, '--rsu', 'rsu-hotel-de-ville', '--file', DENM_FILE], io)).toBe(0);
    expect(out.pop()).toMatch(/^accepted: injection 1, transmitted at tick \d+$/);
    expect(await injectCommand(['--url', server.url, '--token', RIG_TOKEN, '--rsu', 'nope', '--file', DENM_FILE, '--json'], io)).toBe(1);
    expect(JSON.parse(out.pop()!)).toMatchObject({ ok: false, error: expect.stringMatching(/unknown RSU/) });
    expect(await injectCommand(['--url', server.url, '--token', 'wrong', '--rsu', 'rsu-gare', '--file', DENM_FILE], io)).toBe(1);
    expect(out.pop()).toMatch(/rig token rejected/);
    expect(await injectCommand(['--url', server.url, '--token', RIG_TOKEN, '--rsu', 'rsu-gare', '--file', '/no/such/file.json'], io)).toBe(2);
    expect(await injectCommand(['--url', server.url, '--token', RIG_TOKEN, '--file', DENM_FILE], io)).toBe(2);
    expect(await injectCommand(['--url', server.url, '--rsu', 'rsu-gare', '--file', DENM_FILE], io)).toBe(2);
  });
});

describe('/rig: subscribe', () => {
  it('delivers what an RSU hears, one batch per tick, CAMs decoded; unknown RSU refused', async () => {
    const server = await start();
    const r = await rig(server);
    const bad = await r.subscribe('rsu-nowhere', () => {});
    expect(bad).toMatchObject({ ok: false, error: expect.stringMatching(/unknown RSU/) });
    expect(server.counters.rejected('rig.unknown-rsu')).toBe(1);
    const ticks: number[] = [];
    const heard: ItsMessage[] = [];
    let batches = 0;
    r.socket.on('uplink', () => batches++);
    const ack = await r.subscribe('rsu-hotel-de-ville', (messages, tick) => {
      ticks.push(tick);
      heard.push(...messages);
    });
    expect(ack).toEqual({ ok: true, rsuId: 'rsu-hotel-de-ville' });
    // Also subscribe to a second RSU: still one emit per tick.
    await r.subscribe('rsu-gare', () => {});
    await until(() => heard.filter((m) => m.cam).length >= 3 && ticks.length >= 5, 10_000, 'CAMs heard by rsu-hotel-de-ville');
    for (let k = 1; k < ticks.length; k++) expect(ticks[k]).toBeGreaterThan(ticks[k - 1]!);
    const cam = heard.find((m) => m.cam)!;
    expect(cam.cam?.camParameters?.basicContainer?.referencePosition?.latitude).toBeGreaterThan(470_000_000);
    // Batches: at most one per tick over both RSUs.
    const tickNow = server.runner.world.tick;
    expect(batches).toBeLessThanOrEqual(tickNow);
    expect(r.decodeErrors).toBe(0);
    expect(await r.unsubscribe('rsu-hotel-de-ville')).toEqual({ ok: true, rsuId: 'rsu-hotel-de-ville' });
  });

  it('the rig hears its own injection from a virtual station next to the RSU', async () => {
    const server = await start();
    const r = await rig(server);
    const seen: number[] = [];
    await r.subscribe('rsu-hotel-de-ville', (messages) => {
      for (const m of messages) if (m.denm?.management?.actionId?.sequenceNumber === 901) seen.push(m.header!.stationId!);
    });
    const ack = await r.inject({ position: { x: 1150, y: 55 }, stationId: 999, message: denmJson() });
    expect(ack.ok).toBe(true);
    await until(() => seen.length > 0, 5000, 'own DENM in the uplink');
    expect(seen[0]).toBe(1002); // the header the rig wrote
  });
});

/** A CAM from the running session (for an out-of-range copy). */
async function heardCam(server: LiveServer): Promise<ItsMessage> {
  let cam: ItsMessage | undefined;
  const sub = server.runner.ticks$.subscribe(({ traffic }) => {
    cam ??= traffic?.transmissions.find((x) => x.message.cam?.camParameters?.highFrequencyContainer?.basicVehicleContainerHighFrequency)?.message;
  });
  await until(() => cam !== undefined, 5000, 'a CAM');
  sub.unsubscribe();
  return cam!;
}
