// `corridor run --record FILE.mcap` in a live session: a LivePlugin that records every tick,
// restart (with its new snapshot), rig injection and control command of the session, so that
// `corridor replay` plays it back as it happened. The file is finished when the server closes;
// if the process dies first, every chunk already written stays readable (reader.ts recovers it).
import type { Subscription } from 'rxjs';
import type { V2xSession } from '../session.ts';
import type { LiveContext, LivePlugin } from '../live/server.ts';
import { injectionQueueOf } from '../live/rig-namespace.ts';
import { createFileRecorder } from './record-file.ts';

export interface RecordPluginOptions {
  path: string;
  scenarioText: string;
  scenarioFile: string;
  overrides: readonly string[];
  /** Chunk size in bytes (default 1 MiB) and longest chunk in simulated seconds (default 10). */
  chunkBytes?: number;
  chunkSeconds?: number;
  /** Also write /foxglove/scene (--record-foxglove). */
  foxglove?: boolean;
}

export function recordPlugin(options: RecordPluginOptions): LivePlugin {
  return (ctx: LiveContext) => {
    const { runner } = ctx;
    const file = createFileRecorder(options.path, {
      scenarioText: options.scenarioText,
      scenarioFile: options.scenarioFile,
      overrides: options.overrides,
      source: 'live',
      ...(options.chunkBytes !== undefined ? { chunkBytes: options.chunkBytes } : {}),
      ...(options.chunkSeconds !== undefined ? { chunkSeconds: options.chunkSeconds } : {}),
      ...(options.foxglove ? { foxglove: true } : {}),
    });
    const rec = file.recorder;
    let injections: Subscription | undefined;
    const watchInjections = (session: V2xSession | undefined) => {
      injections?.unsubscribe();
      injections = session ? injectionQueueOf(session).injected$.subscribe((a) => rec.injection(runner.world, a)) : undefined;
    };
    rec.start(runner.world, runner.session);
    watchInjections(runner.session);
    const subs = [
      runner.ticks$.subscribe(({ world, events, traffic }) => rec.tick(world, events, traffic)),
      runner.restarts$.subscribe((world) => {
        rec.restart(world, runner.session);
        watchInjections(runner.session);
      }),
      runner.commands$.subscribe((c) => rec.control(runner.world, c, runner.state)),
    ];
    ctx.log(`recording to ${options.path}`);
    return () => {
      for (const s of subs) s.unsubscribe();
      injections?.unsubscribe();
      file.close();
    };
  };
}
