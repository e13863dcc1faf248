// The report's plain-language conclusion, generated from the figures: for each variant, what
// changes against the reference that the seeds show beyond doubt (the paired 95 % interval
// excludes zero), biggest effects first, e.g. "Variant rsu-plan-b cuts the mean round trip by
// 1 min 40 s (± 20 s) and removes 3 of 5 uncovered sections."
import type { Difference, EvaluationSummary, VariantAggregate } from '../aggregate.ts';
import { KPI_DEFS, type KpiName, type Lang } from '../kpi-defs.ts';
import { duration, kpiPlusMinus, kpiValue, num } from './format.ts';

/** Indicators a conclusion may talk about, in the order a town reads them. */
const TOLD: readonly KpiName[] = [
  'roundTripS',
  'passengerWaitS',
  'signalLossPerTripS',
  'coverageShare',
  'spatemAvailability',
  'denmWarningDistanceM',
  'carTravelTimeS',
  'hardBrakingEvents',
  'ttcEvents',
];
const MAX_CLAUSES = 3;

const PHRASES: Record<Lang, Record<string, (a: string, ci: string) => string>> = {
  en: {
    'roundTripS-': (a, ci) => `cuts the mean round trip by ${a} (${ci})`,
    'roundTripS+': (a, ci) => `lengthens the mean round trip by ${a} (${ci})`,
    'passengerWaitS-': (a, ci) => `shortens passengers' mean wait by ${a} (${ci})`,
    'passengerWaitS+': (a, ci) => `lengthens passengers' mean wait by ${a} (${ci})`,
    'signalLossPerTripS-': (a, ci) => `saves ${a} (${ci}) at red lights per round trip`,
    'signalLossPerTripS+': (a, ci) => `adds ${a} (${ci}) at red lights per round trip`,
    'coverageShare+': (a, ci) => `covers ${a} (${ci}) more of the route by radio`,
    'coverageShare-': (a, ci) => `covers ${a} (${ci}) less of the route by radio`,
    'spatemAvailability+': (a, ci) => `makes signal timing (SPATEM) available ${a} (${ci}) more of the approach time`,
    'spatemAvailability-': (a, ci) => `makes signal timing (SPATEM) available ${a} (${ci}) less of the approach time`,
    'denmWarningDistanceM+': (a, ci) => `warns shuttles of hazards ${a} (${ci}) earlier`,
    'denmWarningDistanceM-': (a, ci) => `warns shuttles of hazards ${a} (${ci}) later`,
    'carTravelTimeS-': (a, ci) => `speeds cars along the corridor by ${a} (${ci})`,
    'carTravelTimeS+': (a, ci) => `slows cars along the corridor by ${a} (${ci})`,
    'hardBrakingEvents-': (a, ci) => `avoids ${a} (${ci}) hard-braking events`,
    'hardBrakingEvents+': (a, ci) => `adds ${a} (${ci}) hard-braking events`,
    'ttcEvents-': (a, ci) => `avoids ${a} (${ci}) near-collision (TTC) events`,
    'ttcEvents+': (a, ci) => `adds ${a} (${ci}) near-collision (TTC) events`,
  },
  fr: {
    'roundTripS-': (a, ci) => `réduit l’aller-retour moyen de ${a} (${ci})`,
    'roundTripS+': (a, ci) => `allonge l’aller-retour moyen de ${a} (${ci})`,
    'passengerWaitS-': (a, ci) => `réduit l’attente moyenne des voyageurs de ${a} (${ci})`,
    'passengerWaitS+': (a, ci) => `allonge l’attente moyenne des voyageurs de ${a} (${ci})`,
    'signalLossPerTripS-': (a, ci) => `fait gagner ${a} (${ci}) aux feux rouges par aller-retour`,
    'signalLossPerTripS+': (a, ci) => `fait perdre ${a} (${ci}) aux feux rouges par aller-retour`,
    'coverageShare+': (a, ci) => `couvre ${a} (${ci}) de plus de l’itinéraire par radio`,
    'coverageShare-': (a, ci) => `couvre ${a} (${ci}) de moins de l’itinéraire par radio`,
    'spatemAvailability+': (a, ci) => `rend les temps des feux (SPATEM) disponibles ${a} (${ci}) de plus du temps d’approche`,
    'spatemAvailability-': (a, ci) => `rend les temps des feux (SPATEM) disponibles ${a} (${ci}) de moins du temps d’approche`,
    'denmWarningDistanceM+': (a, ci) => `prévient les navettes des dangers ${a} (${ci}) plus tôt`,
    'denmWarningDistanceM-': (a, ci) => `prévient les navettes des dangers ${a} (${ci}) plus tard`,
    'carTravelTimeS-': (a, ci) => `fait gagner ${a} (${ci}) aux voitures sur l’axe`,
    'carTravelTimeS+': (a, ci) => `fait perdre ${a} (${ci}) aux voitures sur l’axe`,
    'hardBrakingEvents-': (a, ci) => `évite ${a} (${ci}) freinages brusques`,
    'hardBrakingEvents+': (a, ci) => `ajoute ${a} (${ci}) freinages brusques`,
    'ttcEvents-': (a, ci) => `évite ${a} (${ci}) situations de quasi-collision (TTC)`,
    'ttcEvents+': (a, ci) => `ajoute ${a} (${ci}) situations de quasi-collision (TTC)`,
  },
};

function amount(k: KpiName, d: Difference, lang: Lang): { a: string; ci: string } {
  const abs = Math.abs(d.mean!);
  const ci = d.ci95 ?? 0;
  const unit = KPI_DEFS[k].unit;
  if (unit === 's') return { a: duration(abs, lang), ci: `±\u00a0${duration(ci, lang)}` };
  if (KPI_DEFS[k].percent) {
    const d = (x: number) => (x * 100 < 1 ? 1 : 0);
    return { a: `${num(abs * 100, d(abs), lang)}\u00a0${lang === 'fr' ? 'points' : 'percentage points'}`, ci: `±\u00a0${num(ci * 100, d(ci), lang)}` };
  }
  return { a: kpiValue(k, abs, lang), ci: `${kpiPlusMinus(k, ci, lang)}${unit ? `\u00a0${unit}` : ''}` };
}

/** Sections uncovered in the reference that the variant covers completely. */
function sectionsRemoved(ref: VariantAggregate, v: VariantAggregate): { removed: number; of: number; added: number } | null {
  const a = ref.profile?.uncovered;
  const b = v.profile?.uncovered;
  if (!a || !b || !v.profile || a.length === 0) return null;
  const isUncovered = (at: number) => b.some((s) => s.from < at + 1e-6 && at < s.to - 1e-6);
  const step = v.profile.binSize;
  let removed = 0;
  for (const s of a) {
    let any = false;
    for (let x = s.from; x < s.to; x += step) if (isUncovered(x)) any = true;
    if (!any) removed++;
  }
  const refUncovered = (at: number) => a.some((s) => s.from < at + 1e-6 && at < s.to - 1e-6);
  const added = b.filter((s) => !refUncovered(s.from)).length;
  return { removed, of: a.length, added };
}

export function conclusions(s: EvaluationSummary, lang: Lang): string[] {
  const ref = s.variants.find((v) => v.name === s.reference);
  if (!ref) return [];
  const out: string[] = [];
  for (const v of s.variants) {
    if (v.name === s.reference) continue;
    const diffs = s.differences[v.name];
    if (!diffs || v.seeds.length === 0) continue;
    const candidates = TOLD.filter((k) => diffs[k].significant && diffs[k].mean !== null && diffs[k].mean !== 0).map((k) => {
      const refMean = ref.kpis[k].mean;
      const rel = refMean ? Math.abs(diffs[k].mean! / refMean) : Math.abs(diffs[k].mean!);
      return { k, rel };
    });
    candidates.sort((a, b) => b.rel - a.rel || TOLD.indexOf(a.k) - TOLD.indexOf(b.k));
    const chosen = candidates.slice(0, MAX_CLAUSES).sort((a, b) => TOLD.indexOf(a.k) - TOLD.indexOf(b.k));
    const clauses = chosen.map(({ k }) => {
      const d = diffs[k];
      const { a, ci } = amount(k, d, lang);
      return PHRASES[lang][`${k}${d.mean! < 0 ? '-' : '+'}`]!(a, ci);
    });
    const sections = sectionsRemoved(ref, v);
    if (sections && sections.removed > 0) {
      clauses.push(lang === 'fr' ? `supprime ${sections.removed} des ${sections.of} sections non couvertes` : `removes ${sections.removed} of ${sections.of} uncovered sections`);
    }
    if (sections && sections.added > 0) {
      clauses.push(lang === 'fr' ? `ouvre ${sections.added} nouvelle${sections.added > 1 ? 's' : ''} section${sections.added > 1 ? 's' : ''} non couverte${sections.added > 1 ? 's' : ''}` : `opens ${sections.added} new uncovered section${sections.added > 1 ? 's' : ''}`);
    }
    const name = lang === 'fr' ? `La variante ${v.name}` : `Variant ${v.name}`;
    if (clauses.length === 0) {
      out.push(lang === 'fr' ? `${name} ne change aucun indicateur au-delà de l’incertitude des ${v.seeds.length} simulations.` : `${name} changes no indicator beyond the uncertainty of its ${v.seeds.length} runs.`);
      continue;
    }
    const joined = clauses.length === 1 ? clauses[0]! : `${clauses.slice(0, -1).join(', ')} ${lang === 'fr' ? 'et' : 'and'} ${clauses[clauses.length - 1]!}`;
    out.push(`${name} ${joined}.`);
  }
  const rt = s.best.roundTripS;
  if (rt.length === 1) {
    const best = s.variants.find((v) => v.name === rt[0])!;
    const m = best.kpis.roundTripS;
    const ci = m.ci95 !== null ? ` (±\u00a0${duration(m.ci95, lang)})` : '';
    out.push(
      lang === 'fr'
        ? `L’aller-retour le plus court est obtenu avec ${best.name} : ${duration(m.mean!, lang)}${ci} en moyenne.`
        : `The shortest round trip is with ${best.name}: ${duration(m.mean!, lang)}${ci} on average.`,
    );
  }
  return out;
}
