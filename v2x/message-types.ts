// Friendly names for the generated contract types (v2x/generated/, from v2x/proto/), and the ETSI
// identifiers of each message type. Messages are plain objects in ETSI units; build them with
// v2x/units.ts, encode / decode / parse JSON with v2x/codec.ts, check ranges with v2x/validate.ts.
//
// Types are the protobufjs "shapes": every field optional, as proto3 allows; nullable where the
// decoder gives null (an absent message field, an absent `optional` scalar). A decoded message
// reads absent plain scalars as their default (0, false, the enum's 0 value).
import { corridor } from './generated/corridor_v2x_v1.js';

const v1 = corridor.v2x.v1;
type V1 = typeof corridor.v2x.v1;

// ---- Envelope and payloads ----------------------------------------------------------------------

/** The envelope: `header` plus exactly one payload (`cam`, `denm`, `spatem`, `mapem`, `ivim`, `cpm`, `vam`). */
export type ItsMessage = corridor.v2x.v1.ItsMessage.$Shape;
export type ItsPduHeader = corridor.v2x.v1.ItsPduHeader.$Shape;
/** CAM payload (ASN.1 CamPayload). */
export type Cam = corridor.v2x.v1.CamPayload.$Shape;
/** DENM payload (ASN.1 DenmPayload). */
export type Denm = corridor.v2x.v1.DenmPayload.$Shape;
/** SPATEM payload (ASN.1 SPAT). */
export type Spatem = corridor.v2x.v1.Spat.$Shape;
/** MAPEM payload (ASN.1 MapData). */
export type Mapem = corridor.v2x.v1.MapData.$Shape;
/** IVIM payload (ASN.1 IviStructure). */
export type Ivim = corridor.v2x.v1.IviStructure.$Shape;
/** CPM payload (ASN.1 CpmPayload). */
export type Cpm = corridor.v2x.v1.CpmPayload.$Shape;
/** VAM payload (ASN.1 VruAwareness). */
export type Vam = corridor.v2x.v1.VruAwareness.$Shape;

// ---- Frequently built parts ---------------------------------------------------------------------

export type ReferencePosition = corridor.v2x.v1.ReferencePosition.$Shape;
export type ReferencePositionWithConfidence = corridor.v2x.v1.ReferencePositionWithConfidence.$Shape;
export type BasicContainer = corridor.v2x.v1.BasicContainer.$Shape;
export type Heading = corridor.v2x.v1.Heading.$Shape;
export type Speed = corridor.v2x.v1.Speed.$Shape;
export type Wgs84Angle = corridor.v2x.v1.Wgs84Angle.$Shape;
export type PathPoint = corridor.v2x.v1.PathPoint.$Shape;
export type DeltaReferencePosition = corridor.v2x.v1.DeltaReferencePosition.$Shape;
export type CauseCode = corridor.v2x.v1.CauseCode.$Shape;
export type ActionId = corridor.v2x.v1.ActionId.$Shape;
export type BasicVehicleContainerHighFrequency = corridor.v2x.v1.BasicVehicleContainerHighFrequency.$Shape;
export type BasicVehicleContainerLowFrequency = corridor.v2x.v1.BasicVehicleContainerLowFrequency.$Shape;
export type DenmManagementContainer = corridor.v2x.v1.ManagementContainer.$Shape;
export type SituationContainer = corridor.v2x.v1.SituationContainer.$Shape;
export type LocationContainer = corridor.v2x.v1.LocationContainer.$Shape;
export type IntersectionState = corridor.v2x.v1.IntersectionState.$Shape;
export type MovementState = corridor.v2x.v1.MovementState.$Shape;
export type MovementEvent = corridor.v2x.v1.MovementEvent.$Shape;
export type TimeChangeDetails = corridor.v2x.v1.TimeChangeDetails.$Shape;
export type IntersectionGeometry = corridor.v2x.v1.IntersectionGeometry.$Shape;
export type GenericLane = corridor.v2x.v1.GenericLane.$Shape;
export type Connection = corridor.v2x.v1.Connection.$Shape;
export type NodeXy = corridor.v2x.v1.NodeXy.$Shape;
export type NodeOffsetPointXy = corridor.v2x.v1.NodeOffsetPointXy.$Shape;
export type IntersectionReferenceId = corridor.v2x.v1.IntersectionReferenceId.$Shape;
export type GlcPart = corridor.v2x.v1.GlcPart.$Shape;
export type GicPart = corridor.v2x.v1.GicPart.$Shape;
export type WrappedCpmContainer = corridor.v2x.v1.WrappedCpmContainer.$Shape;
export type PerceivedObject = corridor.v2x.v1.PerceivedObject.$Shape;
export type SensorInformation = corridor.v2x.v1.SensorInformation.$Shape;
export type VruHighFrequencyContainer = corridor.v2x.v1.VruHighFrequencyContainer.$Shape;

// ---- Enums (values and types) -------------------------------------------------------------------

export const StationType: V1['StationType'] = v1.StationType;
export type StationType = corridor.v2x.v1.StationType;
export const AltitudeConfidence: V1['AltitudeConfidence'] = v1.AltitudeConfidence;
export type AltitudeConfidence = corridor.v2x.v1.AltitudeConfidence;
export const DriveDirection: V1['DriveDirection'] = v1.DriveDirection;
export type DriveDirection = corridor.v2x.v1.DriveDirection;
export const VehicleLengthConfidenceIndication: V1['VehicleLengthConfidenceIndication'] = v1.VehicleLengthConfidenceIndication;
export type VehicleLengthConfidenceIndication = corridor.v2x.v1.VehicleLengthConfidenceIndication;
export const CurvatureConfidence: V1['CurvatureConfidence'] = v1.CurvatureConfidence;
export type CurvatureConfidence = corridor.v2x.v1.CurvatureConfidence;
export const CurvatureCalculationMode: V1['CurvatureCalculationMode'] = v1.CurvatureCalculationMode;
export type CurvatureCalculationMode = corridor.v2x.v1.CurvatureCalculationMode;
export const YawRateConfidence: V1['YawRateConfidence'] = v1.YawRateConfidence;
export type YawRateConfidence = corridor.v2x.v1.YawRateConfidence;
export const HardShoulderStatus: V1['HardShoulderStatus'] = v1.HardShoulderStatus;
export type HardShoulderStatus = corridor.v2x.v1.HardShoulderStatus;
export const TrafficRule: V1['TrafficRule'] = v1.TrafficRule;
export type TrafficRule = corridor.v2x.v1.TrafficRule;
export const VehicleRole: V1['VehicleRole'] = v1.VehicleRole;
export type VehicleRole = corridor.v2x.v1.VehicleRole;
export const DangerousGoodsBasic: V1['DangerousGoodsBasic'] = v1.DangerousGoodsBasic;
export type DangerousGoodsBasic = corridor.v2x.v1.DangerousGoodsBasic;
export const ProtectedZoneType: V1['ProtectedZoneType'] = v1.ProtectedZoneType;
export type ProtectedZoneType = corridor.v2x.v1.ProtectedZoneType;
export const Termination: V1['Termination'] = v1.Termination;
export type Termination = corridor.v2x.v1.Termination;
export const StandardLength3b: V1['StandardLength3b'] = v1.StandardLength3b;
export type StandardLength3b = corridor.v2x.v1.StandardLength3b;
export const TrafficDirection: V1['TrafficDirection'] = v1.TrafficDirection;
export type TrafficDirection = corridor.v2x.v1.TrafficDirection;
export const RoadType: V1['RoadType'] = v1.RoadType;
export type RoadType = corridor.v2x.v1.RoadType;
export const PositioningSolutionType: V1['PositioningSolutionType'] = v1.PositioningSolutionType;
export type PositioningSolutionType = corridor.v2x.v1.PositioningSolutionType;
export const StationarySince: V1['StationarySince'] = v1.StationarySince;
export type StationarySince = corridor.v2x.v1.StationarySince;
export const SpeedLimitType: V1['SpeedLimitType'] = v1.SpeedLimitType;
export type SpeedLimitType = corridor.v2x.v1.SpeedLimitType;
export const MovementPhaseState: V1['MovementPhaseState'] = v1.MovementPhaseState;
export type MovementPhaseState = corridor.v2x.v1.MovementPhaseState;
export const AdvisorySpeedType: V1['AdvisorySpeedType'] = v1.AdvisorySpeedType;
export type AdvisorySpeedType = corridor.v2x.v1.AdvisorySpeedType;
export const TrafficSignPictogram: V1['TrafficSignPictogram'] = v1.TrafficSignPictogram;
export type TrafficSignPictogram = corridor.v2x.v1.TrafficSignPictogram;
export const PublicFacilitiesPictogram: V1['PublicFacilitiesPictogram'] = v1.PublicFacilitiesPictogram;
export type PublicFacilitiesPictogram = corridor.v2x.v1.PublicFacilitiesPictogram;
export const AmbientOrRoadConditionPictogram: V1['AmbientOrRoadConditionPictogram'] = v1.AmbientOrRoadConditionPictogram;
export type AmbientOrRoadConditionPictogram = corridor.v2x.v1.AmbientOrRoadConditionPictogram;
export const AngularSpeedConfidence: V1['AngularSpeedConfidence'] = v1.AngularSpeedConfidence;
export type AngularSpeedConfidence = corridor.v2x.v1.AngularSpeedConfidence;
export const VruEnvironment: V1['VruEnvironment'] = v1.VruEnvironment;
export type VruEnvironment = corridor.v2x.v1.VruEnvironment;
export const VruSizeClass: V1['VruSizeClass'] = v1.VruSizeClass;
export type VruSizeClass = corridor.v2x.v1.VruSizeClass;

// ---- ETSI identifiers per message type ----------------------------------------------------------

/** The payload fields of ItsMessage, one per message type. */
export const PAYLOAD_KINDS = ['cam', 'denm', 'spatem', 'mapem', 'ivim', 'cpm', 'vam'] as const;
export type PayloadKind = (typeof PAYLOAD_KINDS)[number];

/** ItsPduHeader.messageId of each message type (CDD MessageId). */
export const MessageId = {
  denm: 1,
  cam: 2,
  spatem: 4,
  mapem: 5,
  ivim: 6,
  cpm: 14,
  vam: 16,
} as const satisfies Record<PayloadKind, number>;

/**
 * ItsPduHeader.protocolVersion of each message type, as constrained by its PDU ASN.1:
 * CAM TS 103 900, DENM TS 103 831, SPATEM / MAPEM / IVIM TS 103 301, CPM TS 103 324,
 * VAM TS 103 300-3.
 */
export const ProtocolVersion = {
  denm: 2,
  cam: 2,
  spatem: 2,
  mapem: 2,
  ivim: 2,
  cpm: 2,
  vam: 3,
} as const satisfies Record<PayloadKind, number>;

/** ITS-AID (PSID) of each message type, for the security header (TS 102 965 Annex A). */
export const ItsAid = {
  cam: 36,
  denm: 37,
  spatem: 137,
  mapem: 138,
  ivim: 139,
  cpm: 639,
  vam: 638,
} as const satisfies Record<PayloadKind, number>;

/** BTP-B destination port of each message type (TS 103 248). */
export const BtpPort = {
  cam: 2001,
  denm: 2002,
  mapem: 2003,
  spatem: 2004,
  ivim: 2006,
  cpm: 2009,
  vam: 2018,
} as const satisfies Record<PayloadKind, number>;

/** The payload type of each message type. */
export interface PayloadTypes {
  cam: Cam;
  denm: Denm;
  spatem: Spatem;
  mapem: Mapem;
  ivim: Ivim;
  cpm: Cpm;
  vam: Vam;
}

const KIND_BY_MESSAGE_ID: ReadonlyMap<number, PayloadKind> = new Map(PAYLOAD_KINDS.map((k) => [MessageId[k], k]));

/** The message type a header.messageId names, if it is one of the contract's. */
export function payloadKindOfMessageId(messageId: number): PayloadKind | undefined {
  return KIND_BY_MESSAGE_ID.get(messageId);
}

/** Which payloads of `msg` are set (exactly one in a well-formed message). */
export function payloadKindsOf(msg: ItsMessage): PayloadKind[] {
  const m = msg as Partial<Record<PayloadKind, unknown>>;
  return PAYLOAD_KINDS.filter((k) => m[k] !== undefined && m[k] !== null);
}

/** The payload kind of a well-formed message (the first set payload), or undefined. */
export function payloadKindOf(msg: ItsMessage): PayloadKind | undefined {
  const m = msg as Partial<Record<PayloadKind, unknown>>;
  for (const k of PAYLOAD_KINDS) if (m[k] !== undefined && m[k] !== null) return k;
  return undefined;
}

/** An ItsMessage with the header ETSI prescribes for `kind` (message id, protocol version). */
export function itsMessage<K extends PayloadKind>(kind: K, stationId: number, payload: PayloadTypes[K]): ItsMessage {
  return {
    header: { protocolVersion: ProtocolVersion[kind], messageId: MessageId[kind], stationId },
    [kind]: payload,
  } as ItsMessage;
}
