// The radio model as pure functions: air time, path loss, the packet-error curve, and the
// delivery ratio the channel is expected to produce. `RadioChannel` (channel.ts) samples exactly
// this model; tests and reports use these functions as the reference.
//
// Units: distances in metres, powers in dBm, gains and losses in dB, times in seconds.
import type { Channel } from '../../scenarios/schema.ts';

/** The scenario's `v2x.channel` block, after defaults (see scenarios/schema.ts). */
export type ChannelParams = Channel;

/**
 * ITS-G5 defaults, identical to `Channel.parse({})` (a test checks it); kept here so the channel
 * core does not load the scenario schema at run time.
 */
export const DEFAULT_CHANNEL_PARAMS: Readonly<ChannelParams> = Object.freeze({
  frequencyGhz: 5.9,
  dataRateMbps: 6,
  pathLossExponent: 2.7,
  shadowingSigmaDb: 4,
  buildingLossDb: 20,
  sensitivityDbm: -85,
  perWidthDb: 2,
  vehicleTxPowerDbm: 23,
  vehicleAntennaGainDbi: 0,
  processingMs: [5, 20] as [number, number],
  maxRange: 1000,
});

export const SPEED_OF_LIGHT = 299_792_458;

// ---------------------------------------------------------------------------------------------
// Air time (IEEE 802.11p OFDM, 10 MHz channel)
// ---------------------------------------------------------------------------------------------

/** PLCP preamble (short + long training, 32 µs) plus the SIGNAL symbol (8 µs), 10 MHz channel. */
export const PHY_HEADER_SECONDS = 40e-6;
/** OFDM symbol duration in a 10 MHz channel. */
export const SYMBOL_SECONDS = 8e-6;
/** PLCP SERVICE field and tail bits around the PSDU. */
export const SERVICE_BITS = 16;
export const TAIL_BITS = 6;

/**
 * Bytes added below the facilities payload of a single-hop broadcast (CAM, SPATEM, MAPEM, VAM):
 * 802.11 QoS data header 26 + FCS 4 + LLC/SNAP 8 + GeoNetworking basic 4 + common 8 +
 * SHB extended header 28 (long position vector 24 + 4 reserved/DCC) + BTP-B 4 = 82.
 * Security (the IEEE 1609.2 / TS 103 097 envelope) is not included: count it in the payload.
 * GeoBroadcast (DENM, IVIM) carries a longer GN extended header (~20 bytes more); pass its own
 * figure to `airTimeSeconds` if the difference matters.
 */
export const ITS_G5_SHB_OVERHEAD_BYTES = 26 + 4 + 8 + 4 + 8 + 28 + 4;

/** Data bits per OFDM symbol at a 10 MHz data rate (rate × 8 µs): 24 at 3 Mbit/s … 216 at 27. */
export function dataBitsPerSymbol(dataRateMbps: number): number {
  return Math.round(dataRateMbps * 8);
}

/**
 * Air time of one frame: 40 µs of preamble and SIGNAL, then ceil((16 + 8 × (bytes + overhead)
 * + 6) / N_DBPS) symbols of 8 µs. A 300-byte payload at 6 Mbit/s takes 560 µs with the default
 * 82-byte overhead (448 µs for the bare 300 bytes).
 */
export function airTimeSeconds(bytes: number, dataRateMbps: number, overheadBytes = ITS_G5_SHB_OVERHEAD_BYTES): number {
  const ndbps = dataBitsPerSymbol(dataRateMbps);
  const bits = SERVICE_BITS + 8 * (bytes + overheadBytes) + TAIL_BITS;
  const symbols = Math.ceil(bits / ndbps);
  // Whole microseconds first, so the result is the same double whatever the symbol count.
  return (40 + 8 * symbols) * 1e-6;
}

// ---------------------------------------------------------------------------------------------
// Channel access (EDCA in OCB mode)
// ---------------------------------------------------------------------------------------------

export const SLOT_SECONDS = 13e-6;
export const SIFS_SECONDS = 32e-6;

/** EDCA access categories; DCC profiles map DP0→VO, DP1→VI, DP2→BE (CAM), DP3→BK. */
export const AccessCategory = { VO: 0, VI: 1, BE: 2, BK: 3 } as const;
export type AccessCategory = (typeof AccessCategory)[keyof typeof AccessCategory];

/** AIFSN and CWmin per access category, 802.11 OCB table (as in Veins' Mac1609_4). */
export const EDCA: readonly { readonly aifsn: number; readonly cwMin: number }[] = [
  { aifsn: 2, cwMin: 3 }, // VO: AIFS 58 µs
  { aifsn: 3, cwMin: 7 }, // VI: AIFS 71 µs
  { aifsn: 6, cwMin: 15 }, // BE: AIFS 110 µs
  { aifsn: 9, cwMin: 15 }, // BK: AIFS 149 µs
];

/** AIFS = SIFS + AIFSN × slot. */
export function aifsSeconds(ac: AccessCategory): number {
  return SIFS_SECONDS + EDCA[ac]!.aifsn * SLOT_SECONDS;
}

/**
 * Channel-access delay: AIFS plus `slots` backoff slots (drawn uniformly in 0..CWmin), stretched
 * by 1 / (1 − CBR) because the backoff counter freezes while the medium is busy. CBR is capped at
 * 0.9 so the stretch stays finite (at most ×10).
 */
export function accessDelaySeconds(ac: AccessCategory, slots: number, busyRatio: number): number {
  const cbr = busyRatio < 0 ? 0 : busyRatio > 0.9 ? 0.9 : busyRatio;
  return (aifsSeconds(ac) + slots * SLOT_SECONDS) / (1 - cbr);
}

// ---------------------------------------------------------------------------------------------
// Path loss and reception
// ---------------------------------------------------------------------------------------------

/** Free-space loss at the 1 m reference distance: 20 log10(4π d0 f / c). 47.9 dB at 5.9 GHz. */
export function referenceLossDb(frequencyGhz: number): number {
  return 20 * Math.log10((4 * Math.PI * frequencyGhz * 1e9) / SPEED_OF_LIGHT);
}

/**
 * Log-distance path loss, median (shadowing excluded): PL(d) = PL(d0) + 10 n log10(d / d0),
 * d0 = 1 m; distances under 1 m count as 1 m. With n = 2 it is free space (87.9 dB at 100 m,
 * 5.9 GHz).
 */
export function pathLossDb(distance: number, params: Pick<ChannelParams, 'pathLossExponent' | 'frequencyGhz'>): number {
  const d = distance > 1 ? distance : 1;
  return referenceLossDb(params.frequencyGhz) + 10 * params.pathLossExponent * Math.log10(d);
}

/**
 * Complementary error function, Chebyshev fit (Numerical Recipes `erfcc`): fractional error
 * below 1.2e-7 everywhere, so tail probabilities stay accurate in relative terms.
 */
export function erfc(x: number): number {
  const z = x < 0 ? -x : x;
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Standard normal CDF Φ(x). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x * Math.SQRT1_2);
}

/** Inverse standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9), p in (0, 1). */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((-7.784894002430293e-3 * q - 3.223964580411365e-1) * q - 2.400758277161838) * q - 2.549732539343734) * q + 4.374664141464968) * q + 2.938163982698783) /
      ((((7.784695709041462e-3 * q + 3.224671290700398e-1) * q + 2.445134137142996) * q + 3.754408661907416) * q + 1)
    );
  }
  if (p > 1 - 0.02425) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(
      (((((-7.784894002430293e-3 * q - 3.223964580411365e-1) * q - 2.400758277161838) * q - 2.549732539343734) * q + 4.374664141464968) * q + 2.938163982698783) /
      ((((7.784695709041462e-3 * q + 3.224671290700398e-1) * q + 2.445134137142996) * q + 3.754408661907416) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((-3.969683028665376e1 * r + 2.209460984245205e2) * r - 2.759285104469687e2) * r + 1.38357751867269e2) * r - 3.066479806614716e1) * r + 2.506628277459239) * q) /
    (((((-5.447609879822406e1 * r + 1.615858368580409e2) * r - 1.556989798598866e2) * r + 6.680131188771972e1) * r - 1.328068155288572e1) * r + 1)
  );
}

/**
 * Packet-error curve of the receiver: probability that a packet received at `rxPowerDbm` is
 * decoded, Φ((P − S) / w). 50 % at the sensitivity S; w (perWidthDb) is one standard deviation
 * of the receiver's decoding margin, so S + 1.28 w gives 90 % and S + 2.33 w gives 99 %.
 */
export function deliveryProbability(rxPowerDbm: number, sensitivityDbm: number, perWidthDb: number): number {
  return normalCdf((rxPowerDbm - sensitivityDbm) / perWidthDb);
}

/** A measured delivery-ratio curve, linearly interpolated; before the first point its value, beyond the last point the last value. */
export function interpolatePdr(curve: readonly (readonly [number, number])[], distance: number): number {
  const n = curve.length;
  if (n === 0) return 0;
  const first = curve[0]!;
  if (distance <= first[0]) return first[1];
  for (let i = 1; i < n; i++) {
    const b = curve[i]!;
    if (distance <= b[0]) {
      const a = curve[i - 1]!;
      const span = b[0] - a[0];
      return span > 0 ? a[1] + ((b[1] - a[1]) * (distance - a[0])) / span : b[1];
    }
  }
  return curve[n - 1]![1];
}

/** Sorted copy of a delivery curve (by distance; stable for equal distances). */
export function sortedCurve(curve: readonly (readonly [number, number])[]): [number, number][] {
  return curve.map((p): [number, number] => [p[0], p[1]]).sort((a, b) => a[0] - b[0]);
}

export interface TxRadio {
  txPowerDbm: number;
  antennaGainDbi: number;
}
export interface RxRadio {
  antennaGainDbi: number;
  sensitivityDbm: number;
}
export type StationRadio = TxRadio & RxRadio;

/** A vehicle's (or pedestrian's) radio under these parameters. */
export function vehicleRadio(params: ChannelParams): StationRadio {
  return { txPowerDbm: params.vehicleTxPowerDbm, antennaGainDbi: params.vehicleAntennaGainDbi, sensitivityDbm: params.sensitivityDbm };
}

/** Median received power (no shadowing): P_tx + G_tx + G_rx − PL(d) − buildings × L_building. */
export function meanRxPowerDbm(distance: number, params: ChannelParams, tx: TxRadio, rx: Pick<RxRadio, 'antennaGainDbi'>, nlosBuildings = 0): number {
  return tx.txPowerDbm + tx.antennaGainDbi + rx.antennaGainDbi - pathLossDb(distance, params) - nlosBuildings * params.buildingLossDb;
}

/**
 * Delivery ratio the channel is expected to give on a link at `distance` (3D, metres) crossing
 * `nlosBuildings` building footprints. With log-normal shadowing σ and the probit packet-error
 * curve of width w, the shadowing integrates in closed form:
 *   PDR = Φ((P̄_rx − S) / √(σ² + w²)).
 * With a measured `pdrCurve` the curve value at the distance (buildings and shadowing are then
 * already in the measurement). Zero beyond `maxRange`, which the channel never searches.
 */
export function expectedPdr(distance: number, params: ChannelParams, tx: TxRadio, rx: RxRadio, nlosBuildings = 0): number {
  if (distance > params.maxRange) return 0;
  if (params.pdrCurve) return interpolatePdr(sortedCurve(params.pdrCurve), distance);
  const s = Math.hypot(params.shadowingSigmaDb, params.perWidthDb);
  return normalCdf((meanRxPowerDbm(distance, params, tx, rx, nlosBuildings) - rx.sensitivityDbm) / s);
}

/**
 * Distance (metres, ≥ 1) at which the median received power equals `thresholdDbm`, for a given
 * EIRP plus receive gain; the inverse of the log-distance law.
 */
export function rangeForThreshold(eirpPlusRxGainDbm: number, thresholdDbm: number, params: Pick<ChannelParams, 'pathLossExponent' | 'frequencyGhz'>): number {
  const budget = eirpPlusRxGainDbm - thresholdDbm - referenceLossDb(params.frequencyGhz);
  const d = Math.pow(10, budget / (10 * params.pathLossExponent));
  return d > 1 ? d : 1;
}
