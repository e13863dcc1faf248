// ASN.1 INTEGERs with named numbers and BIT STRINGs of the contract, by "Message.field": the
// names from the field comments of v2x/proto/corridor/v2x/v1/, for the fields Corridor fills
// or a reader asks about first. Other integers are shown as numbers.

/** Named numbers: the value's name, shown as "name (n)". */
export const NAMED_NUMBERS: Readonly<Record<string, Readonly<Record<number, string>>>> = {
  'CauseCode.causeCode': {
    1: 'trafficCondition',
    2: 'accident',
    3: 'roadworks',
    5: 'impassability',
    6: 'adverseWeatherCondition-Adhesion',
    9: 'hazardousLocation-SurfaceCondition',
    10: 'hazardousLocation-ObstacleOnTheRoad',
    11: 'hazardousLocation-AnimalOnTheRoad',
    12: 'humanPresenceOnTheRoad',
    14: 'wrongWayDriving',
    15: 'rescueAndRecoveryWorkInProgress',
    17: 'adverseWeatherCondition-ExtremeWeatherCondition',
    18: 'adverseWeatherCondition-Visibility',
    19: 'adverseWeatherCondition-Precipitation',
    26: 'slowVehicle',
    27: 'dangerousEndOfQueue',
    91: 'vehicleBreakdown',
    92: 'postCrash',
    93: 'humanProblem',
    94: 'stationaryVehicle',
    95: 'emergencyVehicleApproaching',
    96: 'hazardousLocation-DangerousCurve',
    97: 'collisionRisk',
    98: 'signalViolation',
    99: 'dangerousSituation',
  },
  'IviManagementContainer.iviStatus': { 0: 'new', 1: 'update', 2: 'cancellation', 3: 'negation' },
  'GicPart.iviType': {
    0: 'immediateDangerWarningMessages',
    1: 'regulatoryMessages',
    2: 'trafficRelatedInformationMessages',
    3: 'pollutionMessages',
    4: 'notTrafficRelatedInformationMessages',
  },
  'GicPart.direction': { 0: 'sameDirection', 1: 'oppositeDirection', 2: 'bothDirections', 3: 'valueNotUsed' },
  'InternationalSignSpeedLimits.unit': { 0: 'km/h', 1: 'mph' },
  'WrappedCpmContainer.containerId': {
    1: 'originatingVehicleContainer',
    2: 'originatingRsuContainer',
    3: 'sensorInformationContainer',
    4: 'perceptionRegionContainer',
    5: 'perceivedObjectContainer',
  },
  'SensorInformation.sensorType': {
    0: 'undefined',
    1: 'radar',
    2: 'lidar',
    3: 'monovideo',
    4: 'stereovision',
    5: 'nightvision',
    6: 'ultrasonic',
    7: 'pmd',
    8: 'inductionLoop',
    9: 'sphericalCamera',
    10: 'uwb',
    11: 'acoustic',
    12: 'localAggregation',
    13: 'itsAggregation',
  },
  'MovementState.signalGroup': { 0: 'unknown', 255: 'permanentGreen' },
  'Connection.signalGroup': { 0: 'unknown', 255: 'permanentGreen' },
};

/** AllowedManeuvers bits (GenericLane.maneuvers, ConnectingLane.maneuver). */
const MANEUVER_BITS = [
  'straight',
  'left',
  'right',
  'uTurn',
  'leftTurnOnRed',
  'rightTurnOnRed',
  'laneChange',
  'noStopping',
  'yieldAlwaysRequired',
  'goWithHalt',
  'caution',
  'reserved1',
];

/** BIT STRING masks: the names of bits 0, 1, 2... */
export const BIT_NAMES: Readonly<Record<string, readonly string[]>> = {
  'BasicVehicleContainerHighFrequency.accelerationControl': [
    'brakePedalEngaged',
    'gasPedalEngaged',
    'emergencyBrakeEngaged',
    'collisionWarningEngaged',
    'accEngaged',
    'cruiseControlEngaged',
    'speedLimiterEngaged',
  ],
  'BasicVehicleContainerLowFrequency.exteriorLights': [
    'lowBeamHeadlightsOn',
    'highBeamHeadlightsOn',
    'leftTurnSignalOn',
    'rightTurnSignalOn',
    'daytimeRunningLightsOn',
    'reverseLightOn',
    'fogLightOn',
    'parkingLightsOn',
  ],
  'IntersectionState.status': [
    'manualControlIsEnabled',
    'stopTimeIsActivated',
    'failureFlash',
    'preemptIsActive',
    'signalPriorityIsActive',
    'fixedTimeOperation',
    'trafficDependentOperation',
    'standbyOperation',
    'failureMode',
    'off',
    'recentMAPmessageUpdate',
    'recentChangeInMAPassignedLanesIDsUsed',
    'noValidMAPisAvailableAtThisTime',
    'noValidSPATisAvailableAtThisTime',
  ],
  'GenericLane.maneuvers': MANEUVER_BITS,
  'ConnectingLane.maneuver': MANEUVER_BITS,
  'LaneAttributes.directionalUse': ['ingressPath', 'egressPath'],
};

/** The names of the bits set in `mask` (unnamed bits as "bit n"). */
export function bitNames(mask: number, names: readonly string[]): string[] {
  const out: string[] = [];
  for (let bit = 0; bit < 32; bit++) if (Math.floor(mask / 2 ** bit) % 2 === 1) out.push(names[bit] ?? `bit ${bit}`);
  return out;
}
