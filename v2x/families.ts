// The ETSI message families Corridor sends, in a fixed order (statistics, channels of recordings).
export const FAMILIES = ['cam', 'denm', 'spatem', 'mapem', 'ivim', 'cpm', 'vam'] as const;
export type Family = (typeof FAMILIES)[number];
