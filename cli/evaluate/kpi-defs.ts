// The scalar KPIs of a run, in report order: unit, which direction is better, and labels in the
// report's languages. One table so the summary, the CSVs and the report agree.

export const KPI_NAMES = [
  'roundTripS',
  'commercialSpeedKmh',
  'headwayCv',
  'passengerWaitS',
  'signalLossPerTripS',
  'stopsAtRedPerTrip',
  'dwellS',
  'coverageShare',
  'denmWarningDistanceM',
  'denmWarningMinM',
  'spatemAvailability',
  'peakChannelBusyRatio',
  'ttcEvents',
  'hardBrakingEvents',
  'shuttleHardBrakingEvents',
  'carTravelTimeS',
] as const;
export type KpiName = (typeof KPI_NAMES)[number];

export type Lang = 'en' | 'fr';

export interface KpiDef {
  unit: string;
  better: 'lower' | 'higher';
  /** Shown as a percentage (values are shares 0..1). */
  percent?: boolean;
  decimals: number;
  label: Record<Lang, string>;
}

export const KPI_DEFS: Record<KpiName, KpiDef> = {
  roundTripS: { unit: 's', better: 'lower', decimals: 0, label: { en: 'Round-trip time', fr: 'Temps d’aller-retour' } },
  commercialSpeedKmh: { unit: 'km/h', better: 'higher', decimals: 1, label: { en: 'Commercial speed', fr: 'Vitesse commerciale' } },
  headwayCv: { unit: '', better: 'lower', decimals: 2, label: { en: 'Headway irregularity (CV)', fr: 'Irrégularité des intervalles (CV)' } },
  passengerWaitS: { unit: 's', better: 'lower', decimals: 0, label: { en: 'Mean passenger wait (from headways)', fr: 'Attente moyenne des voyageurs (d’après les intervalles)' } },
  signalLossPerTripS: { unit: 's', better: 'lower', decimals: 0, label: { en: 'Time stopped at signals per round trip', fr: 'Temps d’arrêt aux feux par aller-retour' } },
  stopsAtRedPerTrip: { unit: '', better: 'lower', decimals: 1, label: { en: 'Stops at red per round trip', fr: 'Arrêts au rouge par aller-retour' } },
  dwellS: { unit: 's', better: 'lower', decimals: 1, label: { en: 'Mean dwell time at stops', fr: 'Temps d’arrêt moyen en station' } },
  coverageShare: { unit: '%', better: 'higher', percent: true, decimals: 0, label: { en: 'Route covered by RSUs (≥ 90 % delivery)', fr: 'Itinéraire couvert par les UBR (≥ 90 % de réception)' } },
  denmWarningDistanceM: { unit: 'm', better: 'higher', decimals: 0, label: { en: 'Mean DENM warning distance', fr: 'Distance moyenne d’alerte DENM' } },
  denmWarningMinM: { unit: 'm', better: 'higher', decimals: 0, label: { en: 'Shortest DENM warning distance', fr: 'Plus courte distance d’alerte DENM' } },
  spatemAvailability: { unit: '%', better: 'higher', percent: true, decimals: 0, label: { en: 'SPATEM availability on approach', fr: 'Disponibilité des SPATEM en approche' } },
  peakChannelBusyRatio: { unit: '%', better: 'lower', percent: true, decimals: 1, label: { en: 'Peak channel busy ratio', fr: 'Taux d’occupation du canal (pic)' } },
  ttcEvents: { unit: '', better: 'lower', decimals: 1, label: { en: 'Time-to-collision events < 1.5 s', fr: 'Événements temps-à-collision < 1,5 s' } },
  hardBrakingEvents: { unit: '', better: 'lower', decimals: 0, label: { en: 'Hard-braking events (all vehicles)', fr: 'Freinages brusques (tous véhicules)' } },
  shuttleHardBrakingEvents: { unit: '', better: 'lower', decimals: 1, label: { en: 'Hard-braking events (shuttles)', fr: 'Freinages brusques (navettes)' } },
  carTravelTimeS: { unit: 's', better: 'lower', decimals: 0, label: { en: 'Mean car travel time along the corridor', fr: 'Temps de parcours moyen des voitures sur l’axe' } },
};
