// `corridor inject`: send one ItsMessage to a running live session's /rig namespace, for shell use.
//
//   corridor inject --url http://127.0.0.1:8080 --token T --rsu rsu-hotel-de-ville --file scenarios/messages/obstacle-denm.json
//   corridor inject --url URL --token T --x 998.4 --y 24 [--station-id N] --file message.bin
//
// The file is the proto3 JSON mapping of an ItsMessage (a file starting with `{`), or its protobuf
// binary. Prints the ack; exit 0 when accepted, 1 when refused (or the server is unreachable, or
// the token rejected), 2 for bad arguments or an unreadable file.
import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { connectRig } from '../v2x/live/rig-client.ts';
import { RIG_TOKEN_ENV } from '../v2x/live/tokens.ts';
import type { RigInjectRequest, RigMessage } from '../v2x/live/events.ts';

export const INJECT_HELP = `corridor inject --url URL [--token T] (--rsu ID | --x X --y Y | --lat LAT --lon LON) [--station-id N] --file FILE [--json]
    send the ItsMessage in FILE (proto3 JSON or protobuf binary) to a live session's /rig namespace,
    transmitted at the next tick by the RSU ID, or by a virtual station at the position (local metres
    or WGS84 degrees); the token defaults to $${RIG_TOKEN_ENV}. Prints the ack.
    Exit status: 0 accepted, 1 refused or unreachable, 2 bad arguments or file.
`;

export interface InjectIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

const defaultIo: InjectIo = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };

/** `args`: the arguments after `inject`. */
export async function injectCommand(args: readonly string[], io: InjectIo = defaultIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        url: { type: 'string' },
        token: { type: 'string' },
        rsu: { type: 'string' },
        x: { type: 'string' },
        y: { type: 'string' },
        lat: { type: 'string' },
        lon: { type: 'string' },
        'station-id': { type: 'string' },
        file: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
      strict: true,
    }));
  } catch (e) {
    return usage(io, (e as Error).message);
  }
  if (values.help) {
    io.out(INJECT_HELP);
    return 0;
  }
  const token = values.token ?? (io.env ?? process.env)[RIG_TOKEN_ENV];
  if (!values.url) return usage(io, '--url is required');
  if (!token) return usage(io, `--token is required (or set ${RIG_TOKEN_ENV})`);
  if (!values.file) return usage(io, '--file is required');
  const num = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) throw new Error(`--${name} must be a number, got "${v}"`);
    return n;
  };
  let sender: { rsuId: string } | { position: { x: number; y: number } | { lat: number; lon: number }; stationId?: number };
  try {
    const [x, y, lat, lon, stationId] = [num('x', values.x), num('y', values.y), num('lat', values.lat), num('lon', values.lon), num('station-id', values['station-id'])];
    const chosen = [values.rsu !== undefined, x !== undefined || y !== undefined, lat !== undefined || lon !== undefined].filter(Boolean).length;
    if (chosen !== 1) throw new Error('give exactly one sender: --rsu ID, or --x X --y Y, or --lat LAT --lon LON');
    if (values.rsu !== undefined) sender = { rsuId: values.rsu };
    else {
      let position: { x: number; y: number } | { lat: number; lon: number };
      if (x !== undefined || y !== undefined) {
        if (x === undefined || y === undefined) throw new Error('--x and --y go together');
        position = { x, y };
      } else {
        if (lat === undefined || lon === undefined) throw new Error('--lat and --lon go together');
        position = { lat, lon };
      }
      sender = stationId === undefined ? { position } : { position, stationId };
    }
    if (values.rsu !== undefined && stationId !== undefined) throw new Error('--station-id applies to a virtual station (--x/--y or --lat/--lon), not to --rsu');
  } catch (e) {
    return usage(io, (e as Error).message);
  }

  let message: RigMessage;
  try {
    const bytes = await readFile(values.file);
    const text = bytes.toString('utf8').trimStart();
    if (text.startsWith('{')) {
      try {
        message = JSON.parse(text) as Record<string, unknown>;
      } catch (e) {
        throw new Error(`not valid JSON: ${(e as Error).message}`);
      }
    } else message = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch (e) {
    io.err(`corridor inject: ${values.file}: ${(e as Error).message}`);
    return 2;
  }

  let rig;
  try {
    rig = await connectRig(values.url, token);
  } catch (e) {
    io.err(`corridor inject: ${(e as Error).message}`);
    return 1;
  }
  try {
    const ack = await rig.inject({ ...sender, message } as RigInjectRequest);
    if (values.json) io.out(JSON.stringify(ack));
    else if (ack.ok) io.out(`accepted: injection ${ack.id}, transmitted at tick ${ack.tick}`);
    else io.err(`refused: ${ack.error}`);
    return ack.ok ? 0 : 1;
  } catch (e) {
    io.err(`corridor inject: no answer from ${values.url}: ${(e as Error).message}`);
    return 1;
  } finally {
    rig.close();
  }
}

function usage(io: InjectIo, message: string): number {
  io.err(`corridor inject: ${message}\n\n${INJECT_HELP}`);
  return 2;
}
