// `corridor replay FILE.mcap [--port N] [--host H] [--speed X] [--paused] [--control-token T]`:
// serves the viewer on a recording (v2x/record/replay-server.ts), until Ctrl-C.
import { parseArgs } from 'node:util';
import { RecordingError } from '../../v2x/record/reader.ts';
import { resolveToken, CONTROL_TOKEN_ENV } from '../../v2x/live/tokens.ts';

export const usage = `  corridor replay FILE.mcap [--port N] [--host H] [--speed X] [--paused] [--control-token T]
                              serve the viewer on a recording (corridor run --record): play, pause, speed 0.1 to 100,
                              step forward and back, seek; same /viewer and /control as a live session (docs/recording.md)`;

export async function command(args: string[]): Promise<number> {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        speed: { type: 'string' },
        paused: { type: 'boolean', default: false },
        'control-token': { type: 'string' },
      },
    }));
  } catch (e) {
    process.stderr.write(`corridor replay: ${e instanceof Error ? e.message : String(e)}\n${usage}\n`);
    return 64;
  }
  if (positionals.length !== 1) {
    process.stderr.write(`corridor replay: expects one recording file\n${usage}\n`);
    return 64;
  }
  const file = positionals[0]!;
  const port = values.port === undefined ? 8080 : Number(values.port);
  const speed = values.speed === undefined ? 1 : Number(values.speed);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`corridor replay: --port expects a port number, got "${values.port}"\n`);
    return 64;
  }
  if (!(speed >= 0.1 && speed <= 100)) {
    process.stderr.write(`corridor replay: --speed expects a number from 0.1 to 100, got "${values.speed}"\n`);
    return 64;
  }
  const token = resolveToken(values['control-token'], CONTROL_TOKEN_ENV);
  const { startReplayServer } = await import('../../v2x/record/replay-server.ts');
  let server;
  try {
    server = await startReplayServer({ file, port, host: values.host ?? '127.0.0.1', speed, paused: values.paused, controlToken: token.token });
  } catch (e) {
    if (e instanceof RecordingError) {
      process.stderr.write(`corridor replay: ${e.message}\n`);
      return 2;
    }
    if (e instanceof Error && 'code' in e && (e.code === 'ENOENT' || e.code === 'EISDIR' || e.code === 'EACCES')) {
      process.stderr.write(`corridor replay: cannot open ${file}: ${e.message}\n`);
      return 2;
    }
    if (e instanceof Error && 'code' in e && e.code === 'EADDRINUSE') {
      process.stderr.write(`corridor replay: port ${port} is already in use (choose another with --port)\n`);
      return 1;
    }
    throw e;
  }
  for (const w of server.source.warnings) process.stderr.write(`corridor replay: warning: ${w}\n`);
  const s = server.controller.state;
  process.stdout.write(`Replaying ${file}: ${s.startTime.toFixed(1)} s to ${s.endTime.toFixed(1)} s at ${speed}x${values.paused ? ' (paused)' : ''}\n`);
  // As for live sessions, a generated control token rides in the fragment, which the browser keeps to itself.
  const fragment = token.source === 'generated' ? encodeURIComponent(token.token) : '<control token>';
  process.stdout.write(`  viewer   ${server.url}/#control=${fragment}\n`);
  process.stdout.write(`  (view only: ${server.url}/)\n`);
  process.stdout.write(`  health   ${server.url}/health\n`);
  process.stdout.write(`  control token ${token.source === 'generated' ? `${token.token} (generated for this replay)` : `from ${token.source}`}\n`);
  process.stdout.write('Ctrl-C stops the replay.\n');
  await new Promise<void>((done) => {
    process.once('SIGINT', () => void server.close().then(done));
    process.once('SIGTERM', () => void server.close().then(done));
  });
  return 0;
}
