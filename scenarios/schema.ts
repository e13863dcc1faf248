// The scenario schema: the one contract for every scenario file (YAML or JSON).
// Units are SI in the file except where a field name says otherwise (speed limits
// in km/h because that is how road signs and town engineers speak).
// Every object is strict: an unknown field is an error, not silently ignored.
import { z } from 'zod';

const id = z.string().regex(/^[A-Za-z0-9_.:-]+$/, 'ids use letters, digits and _ . : -');
const nonNeg = z.number().finite().nonnegative();
const pos = z.number().finite().positive();
const xy = z.tuple([z.number().finite(), z.number().finite()]);
const kmh = z.number().finite().min(5).max(130);
const share = z.number().finite().min(0).max(1);

export const GeoOrigin = z.strictObject({
  lat: z.number().min(-85).max(85),
  lon: z.number().min(-180).max(180),
  /** Altitude of the local plane's origin, metres above the WGS84 ellipsoid. */
  alt: z.number().finite().default(0),
});

export const RunSettings = z.strictObject({
  /** Fixed tick length, seconds. */
  tick: z.number().min(0.01).max(1).default(0.1),
  /** Simulated duration, seconds. */
  duration: pos.max(7 * 86400).default(3600),
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
  /** Sim time origin as UTC ISO-8601: anchors ETSI timestamps, never read from the clock. */
  startTime: z.iso.datetime().default('2026-06-02T07:30:00Z'),
});

/** Compact corridor form: a centreline with cross streets, compiled to the full lane graph. */
export const CrossStreet = z.strictObject({
  id,
  name: z.string().optional(),
  /** Distance along the centreline, metres, where the cross street meets it. */
  at: nonNeg,
  /** Arms present: north/left of travel direction and south/right, each a length in metres (0 = no arm). */
  leftArm: nonNeg.default(200),
  rightArm: nonNeg.default(200),
  /** Angle of the cross street to the centreline, degrees (90 = perpendicular). */
  angle: z.number().min(30).max(150).default(90),
  lanesPerDirection: z.number().int().min(1).max(3).default(1),
  speedLimit: kmh.default(50),
  control: z.enum(['signal', 'priority']).default('signal'),
  /** Adds a left-turn pocket on each corridor approach, with this length in metres (0 = none). */
  leftTurnPocket: nonNeg.max(300).default(0),
});

export const SpeedZone = z.strictObject({ from: nonNeg, to: nonNeg, limit: kmh });

export const CorridorNetwork = z.strictObject({
  id: id.default('corridor'),
  name: z.string().optional(),
  /** Centreline polyline in local metres (x east, y north), at least 2 points. */
  centreline: z.array(xy).min(2),
  lanesPerDirection: z.number().int().min(1).max(4).default(2),
  laneWidth: z.number().min(2.5).max(4.5).default(3.5),
  speedLimit: kmh.default(50),
  speedZones: z.array(SpeedZone).default([]),
  crossStreets: z.array(CrossStreet).default([]),
});

export const ExplicitNode = z.strictObject({ id, position: xy });
export const ExplicitLink = z.strictObject({
  id,
  name: z.string().optional(),
  from: id,
  to: id,
  lanes: z.number().int().min(1).max(6).default(1),
  laneWidth: z.number().min(2.5).max(4.5).default(3.5),
  speedLimit: kmh.default(50),
  /** Intermediate shape points between the from and to nodes. */
  shape: z.array(xy).default([]),
});
export const ExplicitConnection = z.strictObject({
  from: id,
  fromLane: z.number().int().min(0),
  to: id,
  toLane: z.number().int().min(0),
  /** Signal group controlling this movement, for links entering a signalised node. */
  signalGroup: id.optional(),
  /** A minor movement yields to every major movement crossing or merging with it. */
  priority: z.enum(['major', 'minor']).default('major'),
});
export const ExplicitNetwork = z.strictObject({
  nodes: z.array(ExplicitNode).min(2),
  links: z.array(ExplicitLink).min(1),
  connections: z.array(ExplicitConnection).default([]),
});

export const Network = z
  .strictObject({
    corridor: CorridorNetwork.optional(),
    explicit: ExplicitNetwork.optional(),
  })
  .refine((n) => n.corridor !== undefined || n.explicit !== undefined, {
    message: 'network needs a corridor or an explicit part',
  });

/** One phase of a fixed-time plan. Groups not listed are red during the phase. */
export const Phase = z.strictObject({
  name: z.string().optional(),
  /** Signal groups green in this phase (vehicle groups and pedestrian groups). */
  groups: z.array(id).min(1),
  green: pos.max(180),
  amber: nonNeg.max(6).default(3),
  allRed: nonNeg.max(10).default(2),
  /** Pedestrian groups stop walking this many seconds before the phase's green ends (flashing). */
  pedestrianClearance: nonNeg.max(30).default(5),
});

export const SignalController = z.strictObject({
  id,
  /** The node it controls: a cross-street id of the corridor, or a node id of the explicit network. */
  node: id,
  /** Omit to get the default plan of the corridor form (main road, protected lefts, side roads). */
  phases: z.array(Phase).min(1).optional(),
  /** Offset of the plan's start in seconds (green wave); the cycle is the sum of phase times. */
  offset: nonNeg.default(0),
  /** Green time, seconds, for the corridor's main phase when the default plan is used. */
  mainGreen: pos.max(180).default(40),
  sideGreen: pos.max(180).default(20),
  leftGreen: pos.max(60).default(8),
});

export const Crosswalk = z.strictObject({
  id,
  name: z.string().optional(),
  /** Position along the corridor centreline, metres; the crosswalk crosses every corridor lane there. */
  at: nonNeg.optional(),
  /** Or an explicit link and position on it. */
  link: id.optional(),
  position: nonNeg.optional(),
  width: z.number().min(2).max(10).default(4),
  control: z.enum(['zebra', 'signal']).default('zebra'),
  /** For control: signal: the controller and its pedestrian signal group. */
  signal: id.optional(),
  group: id.optional(),
}).refine((c) => c.at !== undefined || (c.link !== undefined && c.position !== undefined), {
  message: 'a crosswalk needs `at` (along the corridor) or `link` and `position`',
}).refine((c) => c.control === 'zebra' || (c.signal !== undefined && c.group !== undefined), {
  message: 'a signalised crosswalk needs `signal` and `group`',
});

export const Radio = z.strictObject({
  technology: z.enum(['its-g5', 'lte-v2x']).default('its-g5'),
  txPowerDbm: z.number().min(0).max(33).default(23),
  /** ETSI channel number (180 = CCH at 5.900 GHz). */
  channel: z.number().int().min(172).max(184).default(180),
  antennaGainDbi: z.number().min(-5).max(15).default(5),
  sensitivityDbm: z.number().min(-110).max(-60).default(-85),
});

export const Sensor = z.strictObject({
  id,
  kind: z.enum(['camera', 'radar', 'lidar']),
  /** Mounted at the RSU unless given. */
  position: xy.optional(),
  /** Boresight, degrees clockwise from north. */
  heading: z.number().min(0).max(360),
  fov: z.number().min(1).max(360).default(90),
  range: pos.max(500).default(80),
});

export const Rsu = z.strictObject({
  id,
  name: z.string().optional(),
  position: xy,
  mastHeight: z.number().min(1).max(30).default(6),
  /** Signal controllers whose SPATEM/MAPEM this RSU broadcasts. */
  serves: z.array(id).default([]),
  radio: Radio.default(Radio.parse({})),
  sensors: z.array(Sensor).default([]),
});

export const VehicleMix = z.strictObject({ car: share.default(0.9), bus: share.default(0.03), truck: share.default(0.07) });

export const Flow = z.strictObject({
  id: id.optional(),
  /** Entry: `<corridorId>:start`, `<corridorId>:end`, `<crossStreetId>:left`, `<crossStreetId>:right`, or an explicit link id. */
  entry: id,
  vehPerHour: nonNeg.max(5000),
  mix: VehicleMix.default(VehicleMix.parse({})),
  /** Exit weights by exit name (same names as entries); default: straight through to the far end. */
  exits: z.record(id, nonNeg).optional(),
  /** Start and end of the flow, seconds. */
  begin: nonNeg.default(0),
  end: pos.optional(),
});

export const PedestrianFlow = z.strictObject({
  crosswalk: id,
  perHour: nonNeg.max(5000),
  /** Walking speed range, m/s. */
  speed: z.tuple([pos, pos]).default([1.1, 1.5]),
  /** Share carrying a V2X device (VAM). */
  equipped: share.default(0.1),
});

export const Demand = z.strictObject({
  flows: z.array(Flow).default([]),
  pedestrians: z.array(PedestrianFlow).default([]),
  /** Pre-populate every lane at this density (vehicles per km per lane) at t = 0: no warm-up. */
  initialDensity: nonNeg.max(140).default(0),
});

export const DwellTime = z.strictObject({
  distribution: z.enum(['fixed', 'uniform', 'lognormal']).default('lognormal'),
  mean: pos.max(600).default(25),
  sd: nonNeg.default(8),
  min: nonNeg.default(10),
  max: pos.default(90),
});

export const Stop = z.strictObject({
  id,
  name: z.string(),
  /** Distance along the corridor centreline, metres; the shuttle stops there in both directions. */
  at: nonNeg.optional(),
  /** Or an explicit link and position. */
  link: id.optional(),
  position: nonNeg.optional(),
  dwell: DwellTime.optional(),
});

export const ShuttleLine = z.strictObject({
  id,
  name: z.string(),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/).default('#00a19a'),
  stops: z.array(Stop).min(2),
  /** Links to drive, in order, for the outbound direction (explicit networks); the corridor form needs none. */
  route: z.array(id).optional(),
  bothWays: z.boolean().default(true),
  vehicles: z.number().int().min(1).max(50).default(2),
  /** Seconds between departures from the first terminal. */
  headway: pos.max(7200).default(600),
  /** Minimum layover at a terminal before turning around, seconds. */
  layover: nonNeg.max(3600).default(60),
  maxSpeed: z.number().min(5).max(70).default(25),
  comfortAccel: z.number().min(0.2).max(3).default(1.0),
  comfortDecel: z.number().min(0.2).max(4).default(1.5),
  dwell: DwellTime.default(DwellTime.parse({})),
});

const EventBase = { id: id.optional(), start: nonNeg, end: pos.optional() };
/** Where on the network: along the corridor (with direction) or on an explicit link. */
const Place = {
  at: nonNeg.optional(),
  direction: z.enum(['forward', 'backward']).optional(),
  link: id.optional(),
  position: nonNeg.optional(),
};
export const TimelineEvent = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('laneClosure'), ...EventBase, ...Place, lane: z.number().int().min(0), length: pos.max(2000).default(80), reason: z.enum(['roadworks', 'incident']).default('roadworks'), speedLimit: kmh.optional() }),
  z.strictObject({ type: z.literal('obstacle'), ...EventBase, ...Place, lane: z.number().int().min(0), length: pos.max(50).default(2), kind: z.string().default('bigObjects') }),
  z.strictObject({ type: z.literal('stationaryVehicle'), ...EventBase, ...Place, lane: z.number().int().min(0), vehicleType: z.enum(['car', 'bus', 'truck']).default('car') }),
  z.strictObject({ type: z.literal('signalFailure'), ...EventBase, signal: id }),
  z.strictObject({ type: z.literal('weather'), ...EventBase, speedFactor: z.number().min(0.3).max(1), condition: z.enum(['rain', 'fog', 'snow', 'ice']).default('rain') }),
]);

/**
 * Radio channel model. Defaults: ITS-G5 at 5.9 GHz, 10 MHz, 6 Mbit/s, log-distance path loss
 * with log-normal shadowing (urban values), a fixed loss per building crossed (non-line-of-sight).
 */
export const Channel = z.strictObject({
  /** Carrier frequency, GHz (free-space loss at the reference distance follows from it). */
  frequencyGhz: z.number().min(0.7).max(6).default(5.9),
  dataRateMbps: z.union([z.literal(3), z.literal(4.5), z.literal(6), z.literal(9), z.literal(12), z.literal(18), z.literal(24), z.literal(27)]).default(6),
  /** Path-loss exponent beyond the 1 m reference distance (2 = free space; urban LOS 2-3). */
  pathLossExponent: z.number().min(1.5).max(6).default(2.7),
  /** Standard deviation of log-normal shadowing, dB. */
  shadowingSigmaDb: z.number().min(0).max(20).default(4),
  /** Extra loss for each building footprint the direct path crosses, dB. */
  buildingLossDb: z.number().min(0).max(60).default(20),
  /** Reception threshold (sensitivity), dBm; a soft packet-error curve around it of this width, dB. */
  sensitivityDbm: z.number().min(-110).max(-60).default(-85),
  perWidthDb: z.number().min(0.1).max(10).default(2),
  /** Vehicles' and pedestrians' transmit power and antenna gain (RSUs have their own in `rsus[].radio`). */
  vehicleTxPowerDbm: z.number().min(0).max(33).default(23),
  vehicleAntennaGainDbi: z.number().min(-5).max(10).default(0),
  /** Processing latency at sender plus receiver, uniform in [min, max], milliseconds. */
  processingMs: z.tuple([nonNeg.max(500), nonNeg.max(1000)]).default([5, 20]),
  /** Instead of the path-loss model: a measured packet-delivery ratio by distance, [[metres, ratio], ...], interpolated. */
  pdrCurve: z.array(z.tuple([nonNeg, share])).min(2).optional(),
  /** Maximum range searched for receivers, metres (beyond it delivery is negligible). */
  maxRange: pos.max(5000).default(1000),
});

export const V2xSettings = z.strictObject({
  enabled: z.boolean().default(true),
  /** Share of each vehicle type carrying an ITS station (shuttles and RSUs always do). */
  equipment: z.strictObject({ car: share.default(0.2), bus: share.default(1), truck: share.default(0.2) }).default({ car: 0.2, bus: 1, truck: 0.2 }),
  channel: Channel.default(Channel.parse({})),
  /** What the shuttle's automation uses from what it receives (switch off to compare "without V2X"). */
  closedLoop: z
    .strictObject({ glosa: z.boolean().default(true), denm: z.boolean().default(true), ivim: z.boolean().default(true), cpm: z.boolean().default(true) })
    .default({ glosa: true, denm: true, ivim: true, cpm: true }),
  /** Range of the shuttle's own sensors, metres: beyond it, it only knows what V2X tells it. */
  shuttleSensorRange: pos.max(300).default(50),
});

export const Building = z.strictObject({ footprint: z.array(xy).min(3), height: pos.max(200) });

/**
 * A named variant of the scenario (docs/evaluation.md): `overlay` is deep-merged onto the file
 * (maps merge key by key, lists of items with an `id` merge item by item, other lists are
 * replaced), then `set` applies `--set`-style `PATH=VALUE` overrides. The result is validated
 * like the file itself; its problems are reported under `variants.<name>.<path>`.
 */
export const Variant = z.strictObject({
  description: z.string().optional(),
  overlay: z.record(z.string(), z.unknown()).optional(),
  set: z.array(z.string()).default([]),
});

export const Scenario = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  town: z.string().optional(),
  origin: GeoOrigin,
  run: RunSettings.default(RunSettings.parse({})),
  network: Network,
  signals: z.array(SignalController).default([]),
  crosswalks: z.array(Crosswalk).default([]),
  rsus: z.array(Rsu).default([]),
  demand: Demand.default(Demand.parse({})),
  shuttles: z.array(ShuttleLine).default([]),
  timeline: z.array(TimelineEvent).default([]),
  buildings: z.array(Building).default([]),
  v2x: V2xSettings.default(V2xSettings.parse({})),
  /** Named variants of this scenario, for `corridor evaluate` (see Variant). */
  variants: z.record(id, Variant).default({}),
});

export type ScenarioInput = z.input<typeof Scenario>;
export type Scenario = z.output<typeof Scenario>;
export type CorridorNetwork = z.output<typeof CorridorNetwork>;
export type CrossStreet = z.output<typeof CrossStreet>;
export type ExplicitNetwork = z.output<typeof ExplicitNetwork>;
export type SignalController = z.output<typeof SignalController>;
export type Phase = z.output<typeof Phase>;
export type Crosswalk = z.output<typeof Crosswalk>;
export type Rsu = z.output<typeof Rsu>;
export type Flow = z.output<typeof Flow>;
export type PedestrianFlow = z.output<typeof PedestrianFlow>;
export type ShuttleLine = z.output<typeof ShuttleLine>;
export type Stop = z.output<typeof Stop>;
export type DwellTime = z.output<typeof DwellTime>;
export type TimelineEvent = z.output<typeof TimelineEvent>;
export type Channel = z.output<typeof Channel>;
export type V2xSettings = z.output<typeof V2xSettings>;
export type Building = z.output<typeof Building>;
export type Variant = z.output<typeof Variant>;
