// `corridor import-gtfs FEED_DIR --route ROUTE_ID --scenario BASE.yaml --out NEW.yaml`
// Argument parsing and file writing only; the import itself is scenarios/gtfs/import.ts.
// Exit status: 0 every stop placed and the new scenario validates; 1 written, but some stops
// could not be placed (listed); 2 bad input (feed, route, base scenario) or the written
// scenario does not validate; 64 usage error.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ScenarioError } from '../../scenarios/load.ts';
import { GtfsError } from '../../scenarios/gtfs/feed.ts';
import { DEFAULT_MAX_DISTANCE, ImportError, importGtfs, type HeadwayKind } from '../../scenarios/gtfs/import.ts';
import { formatImportReport } from '../../scenarios/gtfs/format.ts';

export const USAGE = `  corridor import-gtfs FEED_DIR --route ROUTE_ID --scenario BASE.yaml --out NEW.yaml [options]
                              map a GTFS route's stops onto the scenario's shuttle line (nearest kerb lanes of
                              each direction, in order) and its trips' headway onto the line's headway;
                              lists the stops it could not place (exit 1); see docs/gtfs-import.md
      --line ID               shuttle line to replace (default: the base scenario's only line; a new one if none)
      --service ID            GTFS service_id whose trips count (default: the one with most trips on the route)
      --headway peak|median   which headway to write (default peak: the busiest hour's)
      --max-distance M        farthest a stop may be from its kerb lane, metres (default ${DEFAULT_MAX_DISTANCE})
      --json                  print the import report as one JSON object
`;

function usage(message: string): number {
  process.stderr.write(`corridor import-gtfs: ${message}\n\nUsage:\n${USAGE}`);
  return 64;
}

export async function command(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        route: { type: 'string' },
        scenario: { type: 'string' },
        out: { type: 'string' },
        line: { type: 'string' },
        service: { type: 'string' },
        headway: { type: 'string', default: 'peak' },
        'max-distance': { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    return usage((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) return usage(`expects one feed directory, got ${positionals.length}`);
  if (values.route === undefined) return usage('--route ROUTE_ID is required');
  if (values.scenario === undefined) return usage('--scenario BASE.yaml is required');
  if (values.out === undefined) return usage('--out NEW.yaml is required');
  if (values.headway !== 'peak' && values.headway !== 'median') return usage(`--headway must be "peak" or "median", got "${values.headway}"`);
  let maxDistance: number | undefined;
  if (values['max-distance'] !== undefined) {
    maxDistance = Number(values['max-distance']);
    if (!(maxDistance > 0) || !Number.isFinite(maxDistance)) return usage(`--max-distance expects a positive number of metres, got "${values['max-distance']}"`);
  }

  let result;
  try {
    result = await importGtfs({
      feedDir: positionals[0]!,
      routeId: values.route,
      baseFile: values.scenario,
      outFile: values.out,
      headway: values.headway as HeadwayKind,
      ...(values.line !== undefined ? { lineId: values.line } : {}),
      ...(values.service !== undefined ? { serviceId: values.service } : {}),
      ...(maxDistance !== undefined ? { maxDistance } : {}),
    });
  } catch (e) {
    if (e instanceof ScenarioError || e instanceof GtfsError || e instanceof ImportError) {
      process.stderr.write(`corridor import-gtfs: ${e.message}\n`);
      return 2;
    }
    if (e instanceof Error) {
      // The base scenario validates but its network cannot be compiled.
      process.stderr.write(`corridor import-gtfs: ${values.scenario}: cannot build the scenario: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  try {
    await writeFile(values.out, result.text);
  } catch (e) {
    process.stderr.write(`corridor import-gtfs: cannot write ${values.out}: ${(e as Error).message}\n`);
    return 2;
  }
  const { report } = result;
  process.stdout.write(values.json ? `${JSON.stringify(report, (_k, v: unknown) => (v === Infinity ? null : v), 2)}\n` : formatImportReport(report, values.out));
  if (report.issues.length > 0) return 2;
  return report.unplaced.length > 0 ? 1 : 0;
}
