// The report's fixed texts in English and French. Sentences built from figures live in
// conclusion.ts; KPI names in kpi-defs.ts.
import type { Lang } from '../kpi-defs.ts';

const TEXTS = {
  title: { en: 'Shuttle deployment evaluation', fr: 'Évaluation du déploiement de la navette' },
  planLine: {
    en: (v: number, s: number, d: string) => `${v} variant${v > 1 ? 's' : ''} × ${s} seed${s > 1 ? 's' : ''}, ${d} simulated per run.`,
    fr: (v: number, s: number, d: string) => `${v} variante${v > 1 ? 's' : ''} × ${s} graine${s > 1 ? 's' : ''} aléatoire${s > 1 ? 's' : ''}, ${d} simulées par simulation.`,
  },
  figuresNote: {
    en: 'Figures are means over the seeds with their 95 % confidence interval (Student t); ★ marks the best value of each row.',
    fr: 'Les chiffres sont des moyennes sur les graines avec leur intervalle de confiance à 95 % (loi de Student) ; ★ signale la meilleure valeur de chaque ligne.',
  },
  conclusion: { en: 'In short', fr: 'En bref' },
  summaryTable: { en: 'Variants side by side', fr: 'Les variantes côte à côte' },
  indicator: { en: 'Indicator', fr: 'Indicateur' },
  roundTrips: { en: 'Round-trip time per variant', fr: 'Temps d’aller-retour par variante' },
  roundTripsNote: {
    en: 'Every round trip completed in every run: the box holds the middle half, the whiskers the extremes.',
    fr: 'Tous les allers-retours effectués dans toutes les simulations : la boîte contient la moitié centrale, les moustaches les extrêmes.',
  },
  speedProfile: { en: 'Speed profile along the route', fr: 'Profil de vitesse le long de l’itinéraire' },
  speedProfileNote: {
    en: 'Mean shuttle speed through each 50 m of the round trip, stops and waits included; the dotted lines are the stops.',
    fr: 'Vitesse moyenne de la navette sur chaque tronçon de 50 m de l’aller-retour, arrêts et attentes compris ; les pointillés marquent les stations.',
  },
  signals: { en: 'Time lost at each intersection', fr: 'Temps perdu à chaque carrefour' },
  signalsNote: {
    en: 'Seconds the shuttle stands at a red light, per round trip, both directions; the black line is the 95 % interval.',
    fr: 'Secondes d’arrêt de la navette au feu rouge, par aller-retour, dans les deux sens ; le trait noir est l’intervalle à 95 %.',
  },
  maps: { en: 'Radio coverage and where the shuttle waits', fr: 'Couverture radio et lieux d’attente de la navette' },
  mapsNote: {
    en: 'The route, outbound and return drawn apart, coloured by the best delivery ratio from an RSU (covered from 90 %); circles show where the shuttle waits (area = seconds per round trip); triangles are the RSUs.',
    fr: 'L’itinéraire, aller et retour dessinés séparément, coloré selon le meilleur taux de réception depuis une UBR (couvert à partir de 90 %) ; les cercles montrent où la navette attend (surface = secondes par aller-retour) ; les triangles sont les UBR.',
  },
  variantsTitle: { en: 'Variants', fr: 'Variantes' },
  failedTitle: { en: 'Runs that failed', fr: 'Simulations en échec' },
  missingTitle: { en: 'Runs not done (the evaluation was stopped)', fr: 'Simulations non faites (évaluation interrompue)' },
  methodTitle: { en: 'How the figures are obtained', fr: 'Comment les chiffres sont obtenus' },
  method: {
    en: [
      'Each variant is simulated with the same seeds, so the variants meet the same traffic and the same dwell times (common random numbers); differences between variants are paired by seed.',
      'Commercial speed: distance driven over time in service (driving, waiting, dwelling). Round trip: from one departure from the first terminal to the next arrival there.',
      'Headway irregularity: coefficient of variation of the intervals between departures at each stop and direction, averaged over the stops. Passenger wait: the mean wait of passengers arriving at random, mean headway × (1 + CV²) / 2.',
      'Time at signals and stops at red: the shuttle stands (under 0.5 m/s) within 80 m of a stop line whose light is not green; per round trip means scaled to one route length driven.',
      'Coverage: share of the 50 m sections of the route where some RSU delivered at least 90 % of the messages it sent while a shuttle was there, measured through the simulated radio channel (path loss, shadowing, buildings).',
      'SPATEM availability: share of the time a shuttle approaches a traffic light (last 300 m) holding a signal-phase message for it received less than 1 s ago. DENM warning distance: distance from a shuttle to a hazard when it first heard of it.',
      'Safety surrogates: time-to-collision between a vehicle and its leader on the same lane under 1.5 s, and decelerations stronger than 3 m/s² (one event per occurrence). Other traffic: mean travel time of cars driving the whole corridor.',
    ],
    fr: [
      'Chaque variante est simulée avec les mêmes graines : elles rencontrent le même trafic et les mêmes temps d’arrêt (nombres aléatoires communs) ; les écarts entre variantes sont calculés graine par graine.',
      'Vitesse commerciale : distance parcourue divisée par le temps en service (roulage, attentes, arrêts en station). Aller-retour : d’un départ du premier terminus à l’arrivée suivante à ce terminus.',
      'Irrégularité des intervalles : coefficient de variation des intervalles entre départs à chaque station et dans chaque sens, moyenné sur les stations. Attente des voyageurs : attente moyenne de voyageurs arrivant au hasard, intervalle moyen × (1 + CV²) / 2.',
      'Temps aux feux et arrêts au rouge : la navette est à l’arrêt (moins de 0,5 m/s) à moins de 80 m d’une ligne d’arrêt dont le feu n’est pas vert ; ramenés à un aller-retour d’après la distance parcourue.',
      'Couverture : part des tronçons de 50 m de l’itinéraire où une UBR a fait parvenir au moins 90 % des messages émis pendant qu’une navette s’y trouvait, mesurée à travers le canal radio simulé (affaiblissement, masquage, bâtiments).',
      'Disponibilité des SPATEM : part du temps d’approche d’un feu (300 derniers mètres) pendant laquelle la navette dispose d’un message de phase reçu depuis moins d’1 s. Distance d’alerte DENM : distance entre la navette et le danger quand elle en est informée pour la première fois.',
      'Indicateurs de sécurité : temps-à-collision avec le véhicule qui précède sur la même voie inférieur à 1,5 s, et décélérations de plus de 3 m/s² (un événement par occurrence). Autre trafic : temps de parcours moyen des voitures qui traversent tout l’axe.',
    ],
  },
  variant: { en: 'Variant', fr: 'Variante' },
  description: { en: 'Description', fr: 'Description' },
  runsOk: { en: 'Runs', fr: 'Simulations' },
  seed: { en: 'seed', fr: 'graine' },
  reference: { en: 'reference', fr: 'référence' },
  distanceKm: { en: 'Distance along the round trip (km)', fr: 'Distance le long de l’aller-retour (km)' },
  speedKmh: { en: 'Speed (km/h)', fr: 'Vitesse (km/h)' },
  minutes: { en: 'Round trip (min)', fr: 'Aller-retour (min)' },
  intersection: { en: 'Intersection', fr: 'Carrefour' },
  secondsPerTrip: { en: 'Seconds at red per round trip', fr: 'Secondes au rouge par aller-retour' },
  coverageLegend: { en: 'Delivery ratio', fr: 'Taux de réception' },
  waitLegend: { en: 'Waiting (s per round trip)', fr: 'Attente (s par aller-retour)' },
  causeLegend: { en: 'Waiting at', fr: 'Attente' },
  causeSignal: { en: 'traffic light', fr: 'feu' },
  causeStop: { en: 'stop (dwell)', fr: 'station' },
  causeOther: { en: 'traffic, yielding, hazard', fr: 'trafic, priorité, obstacle' },
  noCoverage: { en: 'no RSU heard', fr: 'aucune UBR reçue' },
  na: { en: 'n/a', fr: 'n.d.' },
  generated: { en: 'Generated by corridor evaluate from', fr: 'Produit par corridor evaluate à partir de' },
};

type Key = keyof typeof TEXTS;

export function t<K extends Key>(key: K, lang: Lang): (typeof TEXTS)[K]['en'] {
  return TEXTS[key][lang] as (typeof TEXTS)[K]['en'];
}
