// Recording a run to MCAP: what a generic MCAP reader finds in the file, determinism, and what
// Corridor's reader makes of files that are not (or no longer) whole recordings.
import { describe, expect, it, beforeAll } from 'vitest';
import fc from 'fast-check';
import { McapIndexedReader, McapWriter, type IWritable } from '@mcap/core';
import { createHash } from 'node:crypto';
import { BytesReadable, RecordingError, openRecording } from '../../v2x/record/reader.ts';
import { channelDecoders } from '../../v2x/record/decode.ts';
import { METADATA, TOPICS, v2xTopic } from '../../v2x/record/topics.ts';
import { FAMILIES } from '../../v2x/families.ts';
import { decodeFrame, decodeSnapshot } from '../../v2x/live/frame-builder.ts';
import { decodeItsMessage } from '../../v2x/codec.ts';
import { SMALL, recordInMemory, type Recorded } from './helpers.ts';
import { ReplaySource } from '../../v2x/record/replay-source.ts';

let rec: Recorded;
beforeAll(async () => {
  rec = await recordInMemory(SMALL, ['run.seed=7'], 20);
});

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('recording to MCAP', () => {
  it('is read back by @mcap/core, every message decoded with the schemas registered in the file', async () => {
    const reader = await McapIndexedReader.Initialize({ readable: new BytesReadable(rec.bytes) });
    expect(reader.header.profile).toBe('corridor');
    expect(reader.chunkIndexes.length).toBeGreaterThan(0);
    for (const s of reader.schemasById.values()) expect(['protobuf', 'jsonschema']).toContain(s.encoding);
    const decoders = channelDecoders(reader.schemasById, reader.channelsById);
    const topicOf = new Map([...reader.channelsById.values()].map((c) => [c.id, c.topic]));
    const count = new Map<string, number>();
    const decoded = new Map<string, Record<string, unknown>[]>();
    let lastLog = -1n;
    for await (const m of reader.readMessages()) {
      const topic = topicOf.get(m.channelId)!;
      expect(m.logTime).toBeGreaterThanOrEqual(lastLog);
      expect(m.publishTime).toBe(m.logTime);
      lastLog = m.logTime;
      const value = decoders.get(m.channelId)!(m.data);
      count.set(topic, (count.get(topic) ?? 0) + 1);
      if (!decoded.has(topic)) decoded.set(topic, []);
      if (decoded.get(topic)!.length < 50) decoded.get(topic)!.push(value);
    }
    // One frame per tick, one snapshot, one message per transmission on its family's topic.
    expect(count.get(TOPICS.frame)).toBe(rec.ticks);
    expect(count.get(TOPICS.deliveries)).toBe(rec.ticksWithDeliveries);
    expect(count.get(TOPICS.snapshot)).toBe(1);
    for (const f of FAMILIES) expect(count.get(v2xTopic(f)) ?? 0).toBe(rec.sent.get(f) ?? 0);
    expect(rec.sent.get('cam')).toBeGreaterThan(0);
    // Decoded V2X messages carry their sender and the ETSI message itself.
    const cam = decoded.get(v2xTopic('cam'))![0]!;
    expect(cam).toMatchObject({ tick: expect.any(Number), senderStationId: expect.any(Number), message: { header: { messageId: expect.anything() } } });
    expect(Object.keys((cam.message as Record<string, unknown>) ?? {})).toContain('cam');
    const deliveries = decoded.get(TOPICS.deliveries)![0]! as { tick: number; deliveries: { transmissions: number[]; receiverStationIds: number[]; latencyMs: number[] } };
    expect(deliveries.deliveries.transmissions.length).toBeGreaterThan(0);
    expect(deliveries.deliveries.receiverStationIds.length).toBe(deliveries.deliveries.transmissions.length);
    expect(deliveries.deliveries.latencyMs.length).toBe(deliveries.deliveries.transmissions.length);
    // Frames and events hold sim time, not wall time.
    const frame = decoded.get(TOPICS.frame)![9]!;
    expect(frame.simTime).toBeCloseTo(rec.times[9]!, 5);
    // Metadata: scenario text, seed, tick and project version.
    const meta: Record<string, string>[] = [];
    for await (const m of reader.readMetadata({ name: METADATA.run })) meta.push(Object.fromEntries(m.metadata));
    expect(meta).toHaveLength(1);
    expect(meta[0]).toMatchObject({ seed: '7', tick: '0.1', projectVersion: '0.1.0-test', scenarioFile: SMALL });
    expect(meta[0]!.scenarioText).toContain('shuttles');
  });

  it('keeps each datum once: the state on /sim/frame, the transmissions on their family topics, the receptions on /v2x/deliveries', async () => {
    const r = await openRecording(new BytesReadable(rec.bytes), 'small.mcap');
    expect(r.run?.frameLayout).toBe('state');
    const topicOf = new Map([...r.channels].map(([t, id]) => [id, t]));
    const frames: ReturnType<typeof decodeFrame>[] = [];
    for await (const m of r.reader.readMessages({ topics: [TOPICS.frame, TOPICS.snapshot] })) {
      const t = topicOf.get(m.channelId);
      if (t === TOPICS.snapshot) expect(decodeSnapshot(m.data).scenario.seed).toBe(7);
      if (t === TOPICS.frame) frames.push(decodeFrame(m.data));
    }
    expect(frames.map((f) => f.lastTick)).toEqual(rec.times.map((_, k) => k + 1));
    expect(frames.map((f) => f.vehicles.ids.length)).toEqual(rec.vehicles);
    expect(frames.every((f) => f.transmissions.length === 0 && (f.deliveries?.transmissions.length ?? 0) === 0)).toBe(true);
  });

  it('gives back the frames the live stream sent, byte for byte, with the exact bytes each V2X message had on air', async () => {
    const source = await ReplaySource.open(new BytesReadable(rec.bytes), 'small.mcap');
    const replayed = (await source.between(-1n, source.endNs)).filter((x) => x.topic === 'frame').map((x) => x.item.bytes);
    expect(replayed).toHaveLength(rec.liveFrames.length);
    replayed.forEach((bytes, k) => expect(Buffer.from(bytes).equals(Buffer.from(rec.liveFrames[k]!)), `frame of tick ${k + 1}`).toBe(true));
    const frames = replayed.map(decodeFrame);
    const camsInFrames = frames.flatMap((f) => f.transmissions.filter((t) => t.family === 1));
    expect(camsInFrames.length).toBe(rec.sent.get('cam'));
    expect(decodeItsMessage(camsInFrames[0]!.message).cam).toBeDefined();
    expect(frames.reduce((n, f) => n + (f.deliveries?.transmissions.length ?? 0), 0)).toBe(rec.deliveries);
    // Random access gives the same whole frame as playing through.
    const mid = await source.frameAt(source.endNs / 2n);
    expect(Buffer.from(mid!.bytes).equals(Buffer.from(rec.liveFrames[decodeFrame(mid!.bytes).lastTick - 1]!))).toBe(true);
  });

  it('is byte-identical for the same scenario and seed, and differs for another seed', async () => {
    const again = await recordInMemory(SMALL, ['run.seed=7'], 20);
    expect(sha(again.bytes)).toBe(sha(rec.bytes));
    const other = await recordInMemory(SMALL, ['run.seed=8'], 20);
    expect(sha(other.bytes)).not.toBe(sha(rec.bytes));
  });
});

describe('recording for Foxglove (--record-foxglove)', () => {
  it('adds /foxglove/scene in Foxglove\'s well-known schema: the lanes and RSUs once, the vehicles twice per second', async () => {
    const fx = await recordInMemory(SMALL, ['run.seed=7'], 5, undefined, true);
    const r = await openRecording(new BytesReadable(fx.bytes), 'scene.mcap');
    const reader = r.reader;
    const scene = [...reader.channelsById.values()].find((c) => c.topic === '/foxglove/scene')!;
    expect(reader.schemasById.get(scene.schemaId)).toMatchObject({ name: 'foxglove.SceneUpdate', encoding: 'protobuf' });
    const decode = channelDecoders(reader.schemasById, reader.channelsById).get(scene.id)!;
    type Entity = { id: string; frame_id: string; timestamp: { seconds: number; nanos: number }; lines: unknown[]; cylinders: unknown[]; cubes: { size: { x: number } }[] };
    const updates: { t: bigint; entities: Entity[] }[] = [];
    for await (const m of reader.readMessages({ topics: ['/foxglove/scene'] })) updates.push({ t: m.logTime, entities: (decode(m.data) as { entities: Entity[] }).entities });
    const [map, first] = updates;
    expect(map!.entities.map((e) => e.id)).toEqual(['lanes', 'rsus']);
    expect(map!.entities[0]!.frame_id).toBe('corridor');
    expect(map!.entities[0]!.lines.length).toBeGreaterThan(10);
    expect(first!.entities[0]!.id).toBe('vehicles');
    // Ticks 0, 5, 10, ... 50: eleven vehicle updates, each with the vehicles of its tick.
    const vehicleUpdates = updates.filter((u) => u.entities[0]!.id === 'vehicles');
    expect(vehicleUpdates).toHaveLength(11);
    const at = vehicleUpdates.find((u) => u.t === 2_000_000_000n)!;
    expect(at.entities[0]!.timestamp).toEqual({ seconds: 2, nanos: 0 });
    expect(at.entities[0]!.cubes).toHaveLength(fx.vehicles[19]!);
  });
});

describe('reading damaged or foreign files', () => {
  it('refuses a file that is not MCAP, naming it', async () => {
    const text = new TextEncoder().encode('name: not a recording\n'.repeat(10));
    await expect(openRecording(new BytesReadable(text), 'scenario.yaml')).rejects.toMatchObject({ code: 'not-mcap', message: expect.stringMatching(/scenario\.yaml is not an MCAP file/) });
    await expect(openRecording(new BytesReadable(new Uint8Array(0)), 'empty.mcap')).rejects.toBeInstanceOf(RecordingError);
  });

  it('refuses an MCAP file whose schemas are not Corridor\'s', async () => {
    const chunks: Uint8Array[] = [];
    let pos = 0n;
    const writable: IWritable = {
      position: () => pos,
      write: async (b) => {
        chunks.push(b.slice());
        pos += BigInt(b.length);
      },
    };
    const w = new McapWriter({ writable });
    await w.start({ profile: 'ros2', library: 'test' });
    const schemaId = await w.registerSchema({ name: 'sensor_msgs/msg/Imu', encoding: 'ros2msg', data: new Uint8Array([1]) });
    const channelId = await w.registerChannel({ schemaId, topic: '/imu', messageEncoding: 'cdr', metadata: new Map() });
    await w.addMessage({ channelId, sequence: 0, logTime: 1n, publishTime: 1n, data: new Uint8Array(8) });
    await w.end();
    const bytes = new Uint8Array(Buffer.concat(chunks));
    await expect(openRecording(new BytesReadable(bytes), 'imu.mcap')).rejects.toMatchObject({ code: 'unknown-schema', message: expect.stringMatching(/imu\.mcap: schema "sensor_msgs\/msg\/Imu"/) });
  });

  it('a file cut anywhere is replayed up to its last complete chunk with a warning, or refused with a RecordingError, never a crash', async () => {
    // Small chunks, so that cuts land before, inside and between many chunks.
    const small = await recordInMemory(SMALL, ['run.seed=3'], 8, 16 * 1024);
    const whole = await openRecording(new BytesReadable(small.bytes), 'whole.mcap');
    const wholeFrames: bigint[] = [];
    for await (const m of whole.reader.readMessages({ topics: [TOPICS.frame] })) wholeFrames.push(m.logTime);
    expect(whole.reader.chunkIndexes.length).toBeGreaterThan(5);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: small.bytes.length - 1 }), async (cut) => {
        const part = small.bytes.subarray(0, cut);
        let r;
        try {
          r = await openRecording(new BytesReadable(part), 'cut.mcap');
        } catch (e) {
          expect(e).toBeInstanceOf(RecordingError);
          expect((e as RecordingError).message).toMatch(/^cut\.mcap/);
          return;
        }
        expect(r.recovered).toBe(true);
        expect(r.warnings.join(' ')).toMatch(/cut short/);
        // What is there is a prefix of the whole recording, every frame decodable.
        const times: bigint[] = [];
        for await (const m of r.reader.readMessages({ topics: [TOPICS.frame] })) {
          decodeFrame(m.data);
          times.push(m.logTime);
        }
        expect(times).toEqual(wholeFrames.slice(0, times.length));
        // Nothing complete is lost: every chunk that ends before the cut (with its indexes) is kept.
        const kept = whole.reader.chunkIndexes.filter((c) => c.chunkStartOffset + c.chunkLength + c.messageIndexLength <= BigInt(cut)).length;
        expect(r.reader.chunkIndexes.length).toBeGreaterThanOrEqual(Math.min(kept, whole.reader.chunkIndexes.length));
      }),
      { numRuns: 150 },
    );
  });
});
