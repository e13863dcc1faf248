// Radio channel: public surface. See docs/radio-channel.md.
export * from './model.ts';
export { DeliveryBuffer, DISTANCE_BIN, RadioChannel, type RadioChannelOptions, type RsuBusyRatio, type Station, type StationArrays } from './channel.ts';
export { BuildingIndex, type BuildingInput } from './buildings.ts';
export type { BusyRatioStats } from './busy.ts';
