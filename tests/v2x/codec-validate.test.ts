// v2x/validate.ts on hand-built messages of every type (what Corridor's facilities will send),
// the exact wording of its issues, the ASN.1 cross-field constraints, and spot checks of the
// field table against ETSI ranges written out independently of the .proto comments.
import { describe, expect, it } from 'vitest';
import { sampleShuttleCam } from '../../v2x/codec-bench.ts';
import { decodeItsMessage, encodeItsMessage } from '../../v2x/codec.ts';
import { MESSAGES } from '../../v2x/generated/schema.ts';
import {
  AdvisorySpeedType,
  AltitudeConfidence,
  MessageId,
  MovementPhaseState,
  ProtocolVersion,
  SpeedLimitType,
  StandardLength3b,
  StationType,
  Termination,
  TrafficDirection,
  TrafficSignPictogram,
  VruEnvironment,
  itsMessage,
  type ItsMessage,
  type ReferencePosition,
  type ReferencePositionWithConfidence,
} from '../../v2x/message-types.ts';
import {
  dSecond,
  minuteOfTheYear,
  timeMark,
  timestampIts,
  toEtsiHeading,
  toEtsiLatitude,
  toEtsiLongitude,
  toEtsiSpeed,
  toNodeOffsetXy,
  utcMs,
  generationDeltaTime,
} from '../../v2x/units.ts';
import { formatIssue, validateItsMessage } from '../../v2x/validate.ts';

const START = '2025-06-02T08:00:00Z';
const T = 600.5;
const now = utcMs(T, START);
const position: ReferencePosition = {
  latitude: toEtsiLatitude(47.37),
  longitude: toEtsiLongitude(8.54),
  positionConfidenceEllipse: { semiMajorConfidence: 4095, semiMinorConfidence: 4095, semiMajorOrientation: 3601 },
  altitude: { altitudeValue: 800_001, altitudeConfidence: AltitudeConfidence.ALTITUDE_CONFIDENCE_UNAVAILABLE },
};
const positionWithConfidence: ReferencePositionWithConfidence = {
  latitude: position.latitude,
  longitude: position.longitude,
  positionConfidenceEllipse: { semiMajorAxisLength: 150, semiMinorAxisLength: 150, semiMajorAxisOrientation: 0 },
  altitude: position.altitude,
};

const FIXTURES: Record<string, () => ItsMessage> = {
  cam: () => sampleShuttleCam(),
  rsuCam: () =>
    itsMessage('cam', 15_001, {
      generationDeltaTime: generationDeltaTime(timestampIts(T, START)),
      camParameters: {
        basicContainer: { stationType: StationType.STATION_TYPE_ROAD_SIDE_UNIT, referencePosition: positionWithConfidence },
        highFrequencyContainer: { rsuContainerHighFrequency: {} },
      },
    }),
  denm: () =>
    itsMessage('denm', 15_001, {
      management: {
        actionId: { originatingStationId: 15_001, sequenceNumber: 3 },
        detectionTime: timestampIts(T - 2, START),
        referenceTime: timestampIts(T, START),
        eventPosition: position,
        awarenessDistance: StandardLength3b.STANDARD_LENGTH3B_LESS_THAN_200M,
        trafficDirection: TrafficDirection.TRAFFIC_DIRECTION_ALL_TRAFFIC_DIRECTIONS,
        validityDuration: 60,
        transmissionInterval: 500,
        stationType: StationType.STATION_TYPE_ROAD_SIDE_UNIT,
      },
      situation: { informationQuality: 4, eventType: { causeCode: 10, subCauseCode: 4 } },
      location: {
        detectionZonesToEventPosition: [{ items: [{ pathPosition: { deltaLatitude: -450, deltaLongitude: 20, deltaAltitude: 12_800 } }] }],
      },
    }),
  denmCancellation: () =>
    itsMessage('denm', 15_001, {
      management: {
        actionId: { originatingStationId: 15_001, sequenceNumber: 3 },
        detectionTime: timestampIts(T - 2, START),
        referenceTime: timestampIts(T + 30, START),
        termination: Termination.TERMINATION_IS_CANCELLATION,
        eventPosition: position,
        stationType: StationType.STATION_TYPE_ROAD_SIDE_UNIT,
      },
    }),
  spatem: () =>
    itsMessage('spatem', 15_001, {
      timeStamp: minuteOfTheYear(now),
      intersections: [
        {
          id: { id: 101 },
          revision: 1,
          status: 0,
          moy: minuteOfTheYear(now),
          timeStamp: dSecond(now),
          states: [
            {
              signalGroup: 1,
              stateTimeSpeed: [
                { eventState: MovementPhaseState.MOVEMENT_PHASE_STATE_STOP_AND_REMAIN, timing: { minEndTime: timeMark(now + 12_300), likelyTime: timeMark(now + 12_300), confidence: 15 } },
                { eventState: MovementPhaseState.MOVEMENT_PHASE_STATE_PROTECTED_MOVEMENT_ALLOWED, timing: { minEndTime: timeMark(now + 42_300) } },
              ],
            },
            {
              signalGroup: 2,
              stateTimeSpeed: [
                {
                  eventState: MovementPhaseState.MOVEMENT_PHASE_STATE_PERMISSIVE_MOVEMENT_ALLOWED,
                  timing: { minEndTime: 36_001, maxEndTime: timeMark(now + 20_000) },
                  speeds: [{ type: AdvisorySpeedType.ADVISORY_SPEED_TYPE_GREENWAVE, speed: 139 }],
                },
              ],
            },
          ],
        },
      ],
    }),
  mapem: () =>
    itsMessage('mapem', 15_001, {
      msgIssueRevision: 1,
      intersections: [
        {
          name: 'Main x First',
          id: { id: 101 },
          revision: 1,
          refPoint: { lat: toEtsiLatitude(47.37), long: toEtsiLongitude(8.54) },
          laneWidth: 350,
          speedLimits: [{ type: SpeedLimitType.SPEED_LIMIT_TYPE_VEHICLE_MAX_SPEED, speed: Math.round(50 / 3.6 / 0.02) }],
          laneSet: [
            {
              laneId: 1,
              ingressApproach: 1,
              laneAttributes: { directionalUse: 0b01, sharedWith: 0, laneType: { vehicle: 0 } },
              maneuvers: 0b011,
              nodeList: { nodes: { items: [{ delta: toNodeOffsetXy(-3.2, -1.75) }, { delta: toNodeOffsetXy(-60, 0) }] } },
              connectsTo: [{ connectingLane: { lane: 5, maneuver: 0b001 }, signalGroup: 1 }],
            },
            {
              laneId: 5,
              egressApproach: 3,
              laneAttributes: { directionalUse: 0b10, sharedWith: 0, laneType: { vehicle: 0 } },
              nodeList: { nodes: { items: [{ delta: toNodeOffsetXy(3.2, 1.75) }, { delta: toNodeOffsetXy(60, 0) }] } },
            },
          ],
        },
      ],
    }),
  ivim: () =>
    itsMessage('ivim', 15_001, {
      mandatory: { serviceProviderId: { countryCode: 0b0110011001, providerIdentifier: 1 }, iviIdentificationNumber: 12, timeStamp: timestampIts(T, START), iviStatus: 0 },
      optional: [
        {
          glc: {
            referencePosition: position,
            parts: [{ zoneId: 1, zone: { segment: { line: { deltaPositions: { items: [{ deltaLatitude: 0, deltaLongitude: 0 }, { deltaLatitude: 900, deltaLongitude: 0 }] } }, laneWidth: 700 } } }],
          },
        },
        {
          giv: {
            items: [
              {
                relevanceZoneIds: [1],
                direction: 0,
                iviType: 1,
                roadSignCodes: [
                  {
                    code: {
                      iso14823: {
                        pictogramCode: {
                          serviceCategoryCode: { trafficSignPictogram: TrafficSignPictogram.TRAFFIC_SIGN_PICTOGRAM_REGULATORY },
                          pictogramCategoryCode: { nature: 5, serialNumber: 57 },
                        },
                        attributes: [{ spe: { speedLimitMax: 30, unit: 0 } }],
                      },
                    },
                  },
                ],
              },
            ],
          },
        },
      ],
    }),
  cpm: () =>
    itsMessage('cpm', 15_001, {
      managementContainer: { referenceTime: timestampIts(T, START), referencePosition: position },
      cpmContainers: [
        { containerId: 2, originatingRsuContainer: { mapReference: { intersection: { id: 101 } } } },
        { containerId: 3, sensorInformationContainer: { items: [{ sensorId: 1, sensorType: 3, perceptionRegionShape: { circular: { radius: 500 } }, shadowingApplies: true }] } },
        {
          containerId: 5,
          perceivedObjectContainer: {
            numberOfPerceivedObjects: 1,
            perceivedObjects: [
              {
                objectId: 7,
                measurementDeltaTime: -40,
                position: { xCoordinate: { value: 1250, confidence: 50 }, yCoordinate: { value: -830, confidence: 50 } },
                velocity: { cartesianVelocity: { xVelocity: { value: 120, confidence: 20 }, yVelocity: { value: 0, confidence: 20 } } },
                objectAge: 1500,
                sensorIdList: [1],
                classification: [{ objectClass: { vruSubClass: { pedestrian: 1 } }, confidence: 80 }],
              },
            ],
          },
        },
      ],
    }),
  vam: () =>
    itsMessage('vam', 90_001, {
      generationDeltaTime: generationDeltaTime(timestampIts(T, START)),
      vamParameters: {
        basicContainer: { stationType: StationType.STATION_TYPE_PEDESTRIAN, referencePosition: positionWithConfidence },
        vruHighFrequencyContainer: {
          heading: { value: toEtsiHeading(Math.PI / 2), confidence: 127 },
          speed: { speedValue: toEtsiSpeed(1.3), speedConfidence: 127 },
          longitudinalAcceleration: { longitudinalAccelerationValue: 161, longitudinalAccelerationConfidence: 102 },
          environment: VruEnvironment.VRU_ENVIRONMENT_ZEBRA_CROSSING,
        },
        vruLowFrequencyContainer: { profileAndSubprofile: { pedestrian: 1 } },
      },
    }),
};

type Obj = Record<string, unknown>;
/** Deep-mutable view of a fixture for tests that break it on purpose. */
const raw = (m: ItsMessage) => m as unknown as Obj;
const at = (o: unknown, path: string): Obj => path.split('.').reduce((x, k) => (x as Obj)[k] as Obj, o as Obj);
const issuesOf = (m: ItsMessage) => validateItsMessage(m).map(formatIssue);
const HF = 'cam.camParameters.highFrequencyContainer.basicVehicleContainerHighFrequency';

describe('valid messages of every type', () => {
  it.each(Object.keys(FIXTURES))('%s has no issues, before and after a binary round trip', (name) => {
    const m = FIXTURES[name]!();
    expect(issuesOf(m)).toEqual([]);
    expect(issuesOf(decodeItsMessage(encodeItsMessage(m)))).toEqual([]);
  });
});

describe('ranges', () => {
  it('names the path and the allowed range', () => {
    const m = FIXTURES.cam!();
    at(m, `${HF}.speed`).speedValue = 20_000;
    expect(issuesOf(m)).toEqual([`${HF}.speed.speedValue: 20000 out of range 0..16383`]);
  });

  it('accepts the unavailable sentinels', () => {
    const m = FIXTURES.cam!();
    Object.assign(at(m, `${HF}.speed`), { speedValue: 16_383, speedConfidence: 127 });
    Object.assign(at(m, `${HF}.heading`), { headingValue: 3601, headingConfidence: 127 });
    Object.assign(at(m, 'cam.camParameters.basicContainer.referencePosition'), { latitude: 900_000_001, longitude: 1_800_000_001 });
    Object.assign(at(m, `${HF}.yawRate`), { yawRateValue: 32_767 });
    at(m, HF).vehicleWidth = 62;
    expect(issuesOf(m)).toEqual([]);
    const spat = FIXTURES.spatem!();
    const intersection = (at(spat, 'spatem').intersections as Obj[])[0]!;
    Object.assign(intersection, { moy: 527_040, timeStamp: 65_535 });
    Object.assign(((intersection.states as Obj[])[0]!.stateTimeSpeed as Obj[])[0]!.timing as Obj, { minEndTime: 36_001, likelyTime: 36_000 });
    expect(issuesOf(spat)).toEqual([]);
  });

  it('reports every problem, in list elements too', () => {
    const m = FIXTURES.cam!();
    const lf = at(m, 'cam.camParameters.lowFrequencyContainer.basicVehicleContainerLowFrequency');
    ((lf.pathHistory as Obj[])[3]!.pathPosition as Obj).deltaLatitude = 131_073;
    (lf.pathHistory as Obj[])[4]!.pathDeltaTime = 0;
    at(m, HF).lanePosition = 15;
    expect(issuesOf(m)).toEqual([
      `${HF}.lanePosition: 15 out of range -1..14`,
      'cam.camParameters.lowFrequencyContainer.basicVehicleContainerLowFrequency.pathHistory[3].pathPosition.deltaLatitude: 131073 out of range -131071..131072',
      'cam.camParameters.lowFrequencyContainer.basicVehicleContainerLowFrequency.pathHistory[4].pathDeltaTime: 0 out of range 1..65535',
    ]);
  });

  it('reports list sizes', () => {
    const m = FIXTURES.cam!();
    const lf = at(m, 'cam.camParameters.lowFrequencyContainer.basicVehicleContainerLowFrequency');
    lf.pathHistory = Array.from({ length: 24 }, () => ({ pathPosition: { deltaLatitude: 1, deltaLongitude: 1, deltaAltitude: 0 } }));
    expect(issuesOf(m)).toEqual(['cam.camParameters.lowFrequencyContainer.basicVehicleContainerLowFrequency.pathHistory: 24 elements, allowed 0..23']);
  });

  it('reports a mandatory scalar left out when 0 is not allowed', () => {
    const m = FIXTURES.cam!();
    delete at(m, `${HF}.speed`).speedConfidence;
    expect(issuesOf(m)).toEqual([`${HF}.speed.speedConfidence: 0 out of range 1..127 (field absent: proto3 default 0)`]);
  });

  it('reports enum values ETSI does not define, and restricted ones', () => {
    const m = FIXTURES.cam!();
    at(m, 'cam.camParameters.basicContainer').stationType = 16;
    at(m, 'cam.camParameters.lowFrequencyContainer.basicVehicleContainerLowFrequency').vehicleRole = 9;
    expect(issuesOf(m)).toEqual([
      'cam.camParameters.basicContainer.stationType: 16 is not a StationType value',
      'cam.camParameters.lowFrequencyContainer.basicVehicleContainerLowFrequency.vehicleRole: 9 out of range 0..7',
    ]);
  });

  it('reports strings of the wrong length and values of the wrong type', () => {
    const m = FIXTURES.mapem!();
    const intersection = (at(m, 'mapem').intersections as Obj[])[0]!;
    intersection.name = 'x'.repeat(64);
    intersection.revision = 1.5;
    intersection.laneWidth = '350';
    expect(issuesOf(m)).toEqual([
      'mapem.intersections[0].name: length 64 out of range 1..63',
      'mapem.intersections[0].revision: 1.5 is not an integer',
      'mapem.intersections[0].laneWidth: "350" is not an integer',
    ]);
  });
});

describe('structure', () => {
  it('reports a missing mandatory container', () => {
    const m = FIXTURES.cam!();
    delete at(m, 'cam.camParameters').basicContainer;
    expect(issuesOf(m)).toEqual(['cam.camParameters.basicContainer: missing (mandatory BasicContainer)']);
  });

  it('requires exactly one alternative of a CHOICE', () => {
    const none = FIXTURES.cam!();
    at(none, 'cam.camParameters').highFrequencyContainer = {};
    expect(issuesOf(none)).toEqual([
      'cam.camParameters.highFrequencyContainer: no alternative set (one of basicVehicleContainerHighFrequency, rsuContainerHighFrequency)',
    ]);
    const both = FIXTURES.cam!();
    at(both, 'cam.camParameters.highFrequencyContainer').rsuContainerHighFrequency = {};
    expect(issuesOf(both)).toEqual([
      'cam.camParameters.highFrequencyContainer: several alternatives set (basicVehicleContainerHighFrequency, rsuContainerHighFrequency); exactly one allowed',
    ]);
  });

  it('checks the header against the payload', () => {
    const m = FIXTURES.vam!();
    raw(m).header = { protocolVersion: 2, messageId: MessageId.cam, stationId: 1 };
    expect(issuesOf(m)).toEqual([
      'header.messageId: 2 does not match the vam payload (expected 16)',
      'header.protocolVersion: 2, expected 3 for vam',
    ]);
    expect(ProtocolVersion.vam).toBe(3);
    const empty = { header: { protocolVersion: 2, messageId: 2, stationId: 1 } } as ItsMessage;
    expect(issuesOf(empty)).toEqual(['payload: no alternative set (one of cam, denm, spatem, mapem, ivim, cpm, vam)']);
  });

  it('DENM: a termination carries only the management container; otherwise situation and location are required', () => {
    const cancelled = FIXTURES.denmCancellation!();
    expect(issuesOf(cancelled)).toEqual([]);
    (cancelled.denm as Obj).situation = FIXTURES.denm!().denm!.situation;
    expect(issuesOf(cancelled)).toEqual(['denm.situation: must be absent in a termination DENM (management.termination set)']);
    const fresh = FIXTURES.denm!();
    delete (fresh.denm as Obj).location;
    expect(issuesOf(fresh)).toEqual(['denm.location: missing (mandatory unless management.termination is set)']);
  });

  it('CPM: container ids match their content; not both originating containers', () => {
    const m = FIXTURES.cpm!();
    const containers = at(m, 'cpm').cpmContainers as Obj[];
    containers[1]!.containerId = 5;
    containers.push({ containerId: 1, originatingVehicleContainer: { orientationAngle: { value: 0, confidence: 127 } } });
    expect(issuesOf(m)).toEqual([
      'cpm.cpmContainers[1].containerId: 5 does not match sensorInformationContainer (expected 3)',
      'cpm.cpmContainers: both originatingVehicleContainer and originatingRsuContainer; at most one allowed',
    ]);
  });
});

describe('field table against ETSI', () => {
  // Ranges copied from the ASN.1 (CDD TS 102 894-2, ISO TS 19091, TS 103 324), not from the .proto.
  const ETSI: [string, string, number, number][] = [
    ['ItsPduHeader', 'stationId', 0, 4_294_967_295],
    ['ReferencePosition', 'latitude', -900_000_000, 900_000_001],
    ['ReferencePosition', 'longitude', -1_800_000_000, 1_800_000_001],
    ['Altitude', 'altitudeValue', -100_000, 800_001],
    ['PositionConfidenceEllipse', 'semiMajorAxisLength', 0, 4095],
    ['Heading', 'headingValue', 0, 3601],
    ['Heading', 'headingConfidence', 1, 127],
    ['Speed', 'speedValue', 0, 16_383],
    ['Speed', 'speedConfidence', 1, 127],
    ['VehicleLength', 'vehicleLengthValue', 1, 1023],
    ['BasicVehicleContainerHighFrequency', 'vehicleWidth', 1, 62],
    ['AccelerationComponent', 'value', -160, 161],
    ['AccelerationComponent', 'confidence', 0, 102],
    ['Curvature', 'curvatureValue', -1023, 1023],
    ['YawRate', 'yawRateValue', -32_766, 32_767],
    ['DeltaReferencePosition', 'deltaLatitude', -131_071, 131_072],
    ['DeltaReferencePosition', 'deltaAltitude', -12_700, 12_800],
    ['PathPoint', 'pathDeltaTime', 1, 65_535],
    ['CamPayload', 'generationDeltaTime', 0, 65_535],
    ['ManagementContainer', 'detectionTime', 0, 4_398_046_511_103],
    ['ManagementContainer', 'validityDuration', 0, 86_400],
    ['ManagementContainer', 'transmissionInterval', 1, 10_000],
    ['ActionId', 'sequenceNumber', 0, 65_535],
    ['CauseCode', 'causeCode', 0, 255],
    ['SituationContainer', 'informationQuality', 0, 7],
    ['IntersectionState', 'revision', 0, 127],
    ['IntersectionState', 'moy', 0, 527_040],
    ['IntersectionState', 'timeStamp', 0, 65_535],
    ['MovementState', 'signalGroup', 0, 255],
    ['TimeChangeDetails', 'minEndTime', 0, 36_001],
    ['TimeChangeDetails', 'confidence', 0, 15],
    ['GenericLane', 'laneId', 0, 255],
    ['NodeXy20b', 'x', -512, 511],
    ['NodeXy32b', 'y', -32_768, 32_767],
    ['RegulatorySpeedLimit', 'speed', 0, 8191],
    ['IviManagementContainer', 'iviIdentificationNumber', 1, 32_767],
    ['GlcPart', 'zoneId', 1, 32],
    ['PerceivedObject', 'measurementDeltaTime', -2048, 2047],
    ['PerceivedObject', 'objectAge', 0, 2047],
    ['CartesianCoordinateWithConfidence', 'value', -131_072, 131_071],
    ['CartesianCoordinateWithConfidence', 'confidence', 1, 4096],
    ['ObjectDimension', 'value', 1, 256],
    ['VelocityComponent', 'value', -16_383, 16_383],
    ['VruAwareness', 'generationDeltaTime', 0, 65_535],
  ];

  it.each(ETSI)('%s.%s is %i..%i', (type, field, min, max) => {
    const f = MESSAGES[type]!.fields.find((x) => x.name === field)!;
    expect([f.min, f.max]).toEqual([min, max]);
  });

  it('every integer field has a range, every list a size', () => {
    for (const [type, spec] of Object.entries(MESSAGES)) {
      for (const f of spec.fields) {
        if (f.kind === 'sint32' || f.kind === 'uint32' || f.kind === 'uint64') expect(f.min, `${type}.${f.name}`).toBeTypeOf('number');
        if (f.repeated) expect(f.maxSize, `${type}.${f.name}`).toBeTypeOf('number');
      }
    }
  });
});
