// `corridor run` without --headless: a live session (viewer, control and rig namespaces) on one
// HTTP port, until Ctrl-C. The session logic lives in v2x/live; this only wires and prints.
import { ScenarioError } from '../scenarios/load.ts';
import { startLiveServer, type LivePlugin } from '../v2x/live/server.ts';
import { resolveTokens } from '../v2x/live/tokens.ts';
import { rigPlugin } from '../v2x/live/rig-namespace.ts';
import { RedisConnectError } from '../v2x/live/redis.ts';
import { ensureViewerBuilt } from './viewer-build.ts';

export interface LiveArgs {
  file: string;
  overrides: string[];
  port: number;
  host: string;
  speed: number | 'max';
  rigToken?: string;
  controlToken?: string;
  plugins?: LivePlugin[];
  /** --redis URL: scale out over @socket.io/redis-adapter (docs/live-scale-out.md). */
  redis?: string;
  /** --broadcast-only (needs --redis): relay the simulating process's frames, run no simulation. */
  broadcastOnly?: boolean;
  /** Do not build viewer/dist/ when it is missing or stale (tests that build it once). */
  noViewerBuild?: boolean;
  /** --record FILE.mcap: record the session (docs/recording.md). */
  record?: string;
  /** --record-foxglove: also record /foxglove/scene for Foxglove's 3D panel. */
  recordFoxglove?: boolean;
}

export async function liveCommand(args: LiveArgs): Promise<number> {
  const tokens = resolveTokens({ rigToken: args.rigToken, controlToken: args.controlToken });
  if (!args.noViewerBuild) {
    try {
      await ensureViewerBuilt((line) => process.stdout.write(`${line}\n`));
    } catch (e) {
      // The session still runs (the server then serves its built-in page at /).
      process.stderr.write(`corridor: the 3D viewer could not be built: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  }
  let server;
  try {
    const plugins = [...(args.plugins ?? [rigPlugin()])];
    if (args.record !== undefined) {
      const { loadScenarioFile } = await import('../scenarios/load.ts');
      const { recordPlugin } = await import('../v2x/record/record-plugin.ts');
      const { text } = await loadScenarioFile(args.file, args.overrides);
      plugins.push(recordPlugin({ path: args.record, scenarioText: text, scenarioFile: args.file, overrides: args.overrides, foxglove: args.recordFoxglove ?? false }));
    }
    server = await startLiveServer({
      scenarioFile: args.file,
      overrides: args.overrides,
      port: args.port,
      host: args.host,
      speed: args.speed,
      rigToken: tokens.rig.token,
      controlToken: tokens.control.token,
      plugins,
      ...(args.redis !== undefined ? { redisUrl: args.redis } : {}),
      ...(args.broadcastOnly ? { role: 'broadcast' as const } : {}),
    });
  } catch (e) {
    if (e instanceof RedisConnectError) {
      process.stderr.write(`corridor: ${e.message}\n`);
      return 1;
    }
    if (e instanceof ScenarioError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    if (e instanceof Error && 'code' in e && typeof e.code === 'string' && ['ENOENT', 'EACCES', 'EISDIR'].includes(e.code) && args.record !== undefined) {
      process.stderr.write(`corridor: cannot record to ${args.record}: ${e.message}\n`);
      return 1;
    }
    if (e instanceof Error && 'code' in e && e.code === 'EADDRINUSE') {
      process.stderr.write(`corridor: port ${args.port} on ${args.host} is already in use (choose another with --port)\n`);
      return 1;
    }
    throw e;
  }
  const world = server.runner.world;
  if (args.broadcastOnly) {
    process.stdout.write(`${world.scenario.name}: broadcast-only process relaying the simulating process on ${args.redis}\n`);
    process.stdout.write(`  viewer   ${server.url}/ (socket.io ${server.url}/viewer)\n`);
    process.stdout.write(`  health   ${server.url}/health\n`);
    process.stdout.write('  /control and /rig: on the simulating process\n');
  } else {
    process.stdout.write(`${world.scenario.name}: live session at ${args.speed}x real time${args.redis ? ` (simulating process, frames also published on ${args.redis})` : ''}\n`);
    // The control token rides in the fragment, which the browser keeps to itself: the viewer
    // page can pause and step the session; the address without it gives a view-only page.
    // A token given by flag or environment is not echoed: the address then shows a placeholder.
    const fragment = tokens.control.source === 'generated' ? encodeURIComponent(tokens.control.token) : '<control token>';
    process.stdout.write(`  viewer   ${server.url}/#control=${fragment}\n`);
    process.stdout.write(`  (view only: ${server.url}/)\n`);
    process.stdout.write(`  health   ${server.url}/health\n`);
  }
  const show = (name: string, t: { token: string; source: string }) =>
    process.stdout.write(`  ${name} token ${t.source === 'generated' ? `${t.token} (generated for this session)` : `from ${t.source}`}\n`);
  if (!args.broadcastOnly) {
    show('control', tokens.control);
    show('rig', tokens.rig);
  }
  process.stdout.write('Ctrl-C stops the session.\n');
  await new Promise<void>((done) => {
    process.once('SIGINT', () => void server.close().then(done));
    process.once('SIGTERM', () => void server.close().then(done));
  });
  process.stdout.write('Session closed.\n');
  return 0;
}
