// The `corridor` command line: parses arguments and dispatches. No model logic lives here.
// Commands are imported lazily so `corridor validate` does not load the simulation.
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SCENARIO, PACKAGE_ROOT } from './paths.ts';

/**
 * Commands that live in their own module under cli/commands/ (one entry each): `usage` goes
 * into the help text; the module's `command(args)` gets the arguments after the command name
 * and returns the exit status (64 for a usage error). Modules are loaded only when used.
 */
interface CommandEntry {
  readonly usage: string;
  load(): Promise<{ command(args: string[]): Promise<number> }>;
}
const EXTRA_COMMANDS: Record<string, CommandEntry> = {
  replay: {
    usage: `  corridor replay FILE.mcap [--port N] [--host H] [--speed X] [--paused] [--control-token T]
                              serve the viewer on a recording (run --record): play, pause, speed 0.1 to 100, step
                              forward and back, seek; same /viewer and /control as a live session (docs/recording.md)`,
    load: () => import('./commands/replay.ts'),
  },
  export: {
    usage: `  corridor export FILE.mcap --topic TOPIC [--format jsonl|csv] [--out FILE]
                              one topic of a recording (e.g. /v2x/denm, /sim/events) decoded, as JSON Lines or CSV`,
    load: () => import('./commands/export.ts'),
  },
  'import-gtfs': {
    usage: `  corridor import-gtfs FEED_DIR --route ROUTE_ID --scenario BASE.yaml --out NEW.yaml [--line ID] [--service ID]
                              [--headway peak|median] [--max-distance M] [--json]
                              put a GTFS route's stops (nearest kerb lanes, in order) and headway on a shuttle line;
                              lists stops it could not place (exit 1); see docs/gtfs-import.md`,
    load: () => import('./commands/import-gtfs.ts'),
  },
  worker: {
    usage: `  corridor worker --queue URL [--concurrency K]
                              run the runs of \`corridor evaluate … --queue URL\` from Redis (BullMQ), K at a time;
                              any number of workers on any machines; Ctrl-C hands unfinished runs back to the queue;
                              see docs/evaluation-queue.md`,
    load: () => import('./commands/worker.ts'),
  },
  evaluate: {
    usage: `  corridor evaluate [SCENARIO] [--variants a,b|all] [--seeds N | --seed-list 1,5,9] [--duration S]
                    [--workers K] [--out DIR] [--lang en|fr] [--json]
                              every variant x seed headless in worker threads; report DIR/index.html, summary.json,
                              one CSV per run (docs/evaluation.md)`,
    load: () => import('./commands/evaluate.ts'),
  },
};
const EXTRA_USAGE = Object.values(EXTRA_COMMANDS)
  .map((c) => c.usage.replace(/\n?$/, ''))
  .join('\n');

const HELP = `corridor — digital twin of a road corridor and V2X test bench for autonomous shuttles

Usage:
  corridor run [SCENARIO] [options]     run a scenario (default: the embedded scenarios/default.yaml)
                              as a live session: viewer at http://HOST:PORT/, /health, socket.io
                              namespaces /viewer, /control (control token), /rig (rig token)
      --port N, --host H      where the live session listens (default 8080 on 127.0.0.1)
      --rig-token T, --control-token T
                              tokens (also CORRIDOR_RIG_TOKEN / CORRIDOR_CONTROL_TOKEN); random if none
      --redis URL             scale out: share the session's frames over Redis (@socket.io/redis-adapter),
                              e.g. redis://127.0.0.1:6379; see docs/live-scale-out.md
      --broadcast-only        with --redis: run no simulation, relay the simulating process's frames to
                              this port's /viewer (one simulating process, N broadcast-only processes)
      --headless              no live session: run, print a summary, exit
      --duration S            simulated seconds (overrides run.duration)
      --seed N                seed of the run's random generator (overrides run.seed)
      --speed max|X           pacing: max = as fast as possible (headless default), X = multiple of real time (live default 1)
      --json                  print the summary as one JSON object
      --set PATH=VALUE        override a scenario field, e.g. --set run.tick=0.05 (repeatable);
                              --set v2x.enabled=false runs without V2X
      --record FILE.mcap      record the run (live or headless) to an MCAP file: frames, V2X messages per family,
                              events, injections, control commands; see docs/recording.md
      --record-foxglove       with --record: also /foxglove/scene (lanes, RSUs, vehicles) for Foxglove's 3D panel
      --no-compare            headless runs with shuttles and V2X are run a second time with GLOSA switched
                              the other way, to report stops at red with and without it; this skips that
  corridor validate FILE [--set PATH=VALUE]... [--json]
                              check a scenario; exit status 2 and every problem with its location if invalid
  corridor inject --url URL --token T (--rsu ID | --x X --y Y | --lat LAT --lon LON) --file MESSAGE.json|.bin
                              send an ItsMessage (protobuf JSON mapping or binary) through a live session's RSU
                              or a virtual station; prints the ack (exit 0 accepted, 1 refused, 2 bad input)
  corridor bench [--json] [--ticks N]
                              vehicle-steps per second on scenarios/bench/*.yaml (V2X off);
                              each runs its scenario's duration (120 s) unless --ticks is given
${EXTRA_USAGE ? `${EXTRA_USAGE}\n` : ''}  corridor --version | --help
`;

function version(): string {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

class UsageError extends Error {}

function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!Number.isFinite(x)) throw new UsageError(`--${name} expects a number, got "${v}"`);
  return x;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: {
            headless: { type: 'boolean', default: false },
            duration: { type: 'string' },
            seed: { type: 'string' },
            speed: { type: 'string' },
            json: { type: 'boolean', default: false },
            set: { type: 'string', multiple: true, default: [] },
            'no-compare': { type: 'boolean', default: false },
            port: { type: 'string' },
            host: { type: 'string' },
            'rig-token': { type: 'string' },
            'control-token': { type: 'string' },
            redis: { type: 'string' },
            'broadcast-only': { type: 'boolean', default: false },
            record: { type: 'string' },
            'record-foxglove': { type: 'boolean', default: false },
          },
        });
        if (positionals.length > 1) throw new UsageError(`run takes one scenario file, got ${positionals.length}`);
        const speedArg = values.speed ?? (values.headless ? 'max' : '1');
        const speed = speedArg === 'max' ? 'max' : num('speed', speedArg)!;
        if (speed !== 'max' && !(speed > 0)) throw new UsageError(`--speed must be "max" or a positive number, got "${speedArg}"`);
        const seed = num('seed', values.seed);
        if (values['broadcast-only'] && values.redis === undefined) throw new UsageError('--broadcast-only needs --redis URL');
        if (values['record-foxglove'] && values.record === undefined) throw new UsageError('--record-foxglove adds a topic to a recording: give --record FILE.mcap too');
        if (values.record !== undefined && values['broadcast-only']) throw new UsageError('--record records the simulating process; a --broadcast-only process has nothing to record');
        if (values.headless && (values.redis !== undefined || values['broadcast-only'])) throw new UsageError('--redis and --broadcast-only are for live sessions, not --headless');
        if (!values.headless) {
          const overrides = [...values.set];
          if (seed !== undefined) overrides.push(`run.seed=${seed}`);
          if (values.duration !== undefined) overrides.push(`run.duration=${num('duration', values.duration)}`);
          const { liveCommand } = await import('./live.ts');
          return await liveCommand({
            file: positionals[0] ?? DEFAULT_SCENARIO,
            overrides,
            port: num('port', values.port) ?? 8080,
            host: values.host ?? '127.0.0.1',
            speed,
            ...(values['rig-token'] !== undefined ? { rigToken: values['rig-token'] } : {}),
            ...(values['control-token'] !== undefined ? { controlToken: values['control-token'] } : {}),
            ...(values.redis !== undefined ? { redis: values.redis } : {}),
            ...(values['broadcast-only'] ? { broadcastOnly: true } : {}),
            ...(values.record !== undefined ? { record: values.record, recordFoxglove: values['record-foxglove'] } : {}),
          });
        }
        const { runCommand } = await import('./run.ts');
        return await runCommand({
          file: positionals[0] ?? DEFAULT_SCENARIO,
          headless: values.headless,
          duration: num('duration', values.duration),
          ...(seed !== undefined ? { seed } : {}),
          speed,
          json: values.json,
          set: values.set,
          // Headless runs also report shuttle stops at red with GLOSA switched the other way.
          compareGlosa: values.headless && !values['no-compare'],
          ...(values.record !== undefined ? { record: values.record, recordFoxglove: values['record-foxglove'] } : {}),
        });
      }
      case 'validate': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: { json: { type: 'boolean', default: false }, set: { type: 'string', multiple: true, default: [] } },
        });
        if (positionals.length !== 1) throw new UsageError('validate takes exactly one scenario file');
        const { validateCommand } = await import('./validate.ts');
        return await validateCommand({ file: positionals[0]!, set: values.set, json: values.json });
      }
      case 'bench': {
        const { values } = parseArgs({
          args: rest,
          options: { json: { type: 'boolean', default: false }, ticks: { type: 'string' } },
        });
        const { benchCommand } = await import('./bench.ts');
        const ticks = num('ticks', values.ticks);
        return await benchCommand({ json: values.json, ...(ticks !== undefined ? { ticks } : {}) });
      }
      case 'inject': {
        const { injectCommand } = await import('./inject.ts');
        return await injectCommand(rest);
      }
      case '--version':
      case '-v':
        process.stdout.write(`${version()}\n`);
        return 0;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(HELP);
        return 0;
      default: {
        const load = command !== undefined && Object.hasOwn(EXTRA_COMMANDS, command) ? EXTRA_COMMANDS[command] : undefined;
        if (load === undefined) throw new UsageError(`unknown command "${command}"`);
        return await (await load.load()).command(rest);
      }
    }
  } catch (e) {
    if (e instanceof UsageError || (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`corridor: ${e.message}\n\n${HELP}`);
      return 64;
    }
    throw e;
  }
}
