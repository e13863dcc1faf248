// Scale-out over a real redis-server on loopback (tests/live/redis-server.ts): a simulating
// process and a broadcast-only process share @socket.io/redis-adapter; a viewer of the
// broadcast-only process gets the simulating process's snapshot, then its frames in tick order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Binary, CommandAck, ErrorEvent, SessionState, SubscribeAck } from '../../v2x/live/events.ts';
import { findRedisServer, startRedisServer, type TestRedis } from './redis-server.ts';
import { closeAll, CONTROL_TOKEN, control, decode, once, startTestServer, until, viewer, type StandInFrame, type StandInSnapshot } from './helpers.ts';

const installed = findRedisServer() !== null;
// In CI (.ci/run installs redis-server) a missing binary is a failure, elsewhere a skip.
if (!installed && process.env.CI) throw new Error('redis-server is not installed (scripts/ensure-redis.sh)');

describe.skipIf(!installed)('live scale-out over Redis', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await closeAll();
    await redis?.stop();
  });

  it('a viewer of a broadcast-only process gets a snapshot, then frames in increasing tick order; restarts reach it', async () => {
    const sim = await startTestServer({ redisUrl: redis.url, role: 'simulate', speed: 20 });
    const relay = await startTestServer({ redisUrl: redis.url, role: 'broadcast' });
    expect(relay.port).not.toBe(sim.port);

    const v = viewer(relay);
    const log: (StandInSnapshot | StandInFrame)[] = [];
    const states: SessionState[] = [];
    v.on('snapshot', (b: Binary) => log.push(decode<StandInSnapshot>(b)));
    v.on('frame', (b: Binary) => log.push(decode<StandInFrame>(b)));
    v.on('state', (s) => states.push(s));
    await until(() => log.filter((x) => x.kind === 'frame').length >= 5, 10_000, 'five frames through the broadcast-only process');

    expect(log[0]?.kind).toBe('snapshot');
    const snap = log[0] as StandInSnapshot;
    const frames = log.filter((x): x is StandInFrame => x.kind === 'frame');
    expect(frames[0]!.tick).toBeGreaterThanOrEqual(snap.tick);
    for (let i = 1; i < frames.length; i++) expect(frames[i]!.tick).toBeGreaterThan(frames[i - 1]!.tick);
    expect(states.length).toBeGreaterThan(0);
    expect(states[0]!.seed).toBe(snap.seed);

    // Both processes' viewers see the same stream: a local viewer of the simulating process too.
    const local = viewer(sim);
    const localFrames: StandInFrame[] = [];
    local.on('frame', (b: Binary) => localFrames.push(decode<StandInFrame>(b)));
    await until(() => localFrames.length >= 2, 5000, 'frames on the simulating process');

    // A restart with another seed: the remote viewer gets the new snapshot (tick 0) and state.
    const c = control(sim);
    await once(c, 'state');
    const before = log.length;
    const ack = await c.emitWithAck('restart', { seed: 4242 }) as CommandAck;
    expect(ack.ok).toBe(true);
    await until(() => log.slice(before).some((x) => x.kind === 'snapshot' && x.seed === 4242), 5000, 'snapshot after restart');
    await until(() => states.some((s) => s.seed === 4242), 5000, 'state after restart');
    expect(sim.health().clients['/viewer']).toBe(1);
    expect(relay.health().clients['/viewer']).toBe(1);
  });

  it('a broadcast-only process refuses /control and per-family subscriptions, and runs no simulation', async () => {
    await startTestServer({ redisUrl: redis.url, role: 'simulate' });
    const relay = await startTestServer({ redisUrl: redis.url, role: 'broadcast' });
    const c = control(relay, CONTROL_TOKEN);
    const err = await once<Error>(c, 'connect_error');
    expect(err.message).toMatch(/broadcast-only/);

    const v = viewer(relay);
    await once(v, 'snapshot');
    const all = (await v.emitWithAck('subscribe', { families: 'all' })) as SubscribeAck;
    expect(all.ok).toBe(true);
    const errors: ErrorEvent[] = [];
    v.on('error', (e) => errors.push(e));
    const some = (await v.emitWithAck('subscribe', { families: ['cam'] })) as SubscribeAck;
    expect(some.ok).toBe(false);
    await until(() => errors.length > 0, 2000, 'error event');
    expect(errors[0]!.code).toBe('viewer.bad-subscribe');
    expect(relay.runner.state.tick).toBe(0);
  });

  it('broadcast without a Redis URL is refused; an unreachable Redis fails the start', async () => {
    await expect(startTestServer({ role: 'broadcast' })).rejects.toThrow(/needs redisUrl/);
    await expect(startTestServer({ redisUrl: 'redis://127.0.0.1:1', role: 'broadcast' })).rejects.toThrow(/Redis/);
  });
});
