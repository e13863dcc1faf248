// Signal controllers and everything that refers to them: RSUs, signalised crosswalks,
// signal groups on explicit connections.
import type { Path } from '../paths.ts';
import { controllerGroups, knownList, nodeKind } from '../references.ts';
import type { CheckContext } from './context.ts';
import { checkPlace } from './places.ts';

export function checkSignals(ctx: CheckContext): void {
  checkControllers(ctx);
  checkRsus(ctx);
  checkCrosswalks(ctx);
  checkConnectionGroups(ctx);
}

function checkControllers(ctx: CheckContext): void {
  const s = ctx.scenario;
  const crossStreets = s.network.corridor?.crossStreets ?? [];
  const nodeNames = [...crossStreets.map((c) => c.id), ...(s.network.explicit?.nodes ?? []).map((n) => n.id), ...s.crosswalks.map((c) => c.id)];
  const controllerOfNode = new Map<string, number>();

  s.signals.forEach((signal, i) => {
    const path = ['signals', i];
    const kind = nodeKind(s, signal.node);
    if (kind === undefined) {
      ctx.report([...path, 'node'], `unknown node "${signal.node}": expected a cross street, explicit node or crosswalk id ${knownList(nodeNames)}`);
    } else if (kind === 'crossStreet' && crossStreets.find((c) => c.id === signal.node)?.control === 'priority') {
      ctx.report([...path, 'node'], `cross street "${signal.node}" has control: priority; set its control to signal to put a controller there`);
    } else if (kind === 'crosswalk' && s.crosswalks.find((c) => c.id === signal.node)?.control !== 'signal') {
      ctx.report([...path, 'node'], `crosswalk "${signal.node}" is a zebra; set its control to signal to put a controller there`);
    } else if (kind === 'explicitNode' && !signal.phases) {
      ctx.report([...path, 'phases'], 'required for a controller on an explicit node (the default plan only covers corridor cross streets and crosswalks)');
    }

    const other = controllerOfNode.get(signal.node);
    if (other !== undefined) ctx.report([...path, 'node'], `node "${signal.node}" already has controller "${s.signals[other]?.id}" (signals[${other}])`);
    else controllerOfNode.set(signal.node, i);

    // The implicit controller of a signalised cross street is named after it.
    const namesake = crossStreets.find((c) => c.id === signal.id);
    if (namesake && namesake.control === 'signal' && signal.node !== namesake.id && !s.signals.some((o) => o.node === namesake.id)) {
      ctx.report([...path, 'id'], `"${signal.id}" is already the id of cross street "${namesake.id}"'s implicit controller; choose another id`);
    }
  });
}

function checkRsus(ctx: CheckContext): void {
  ctx.scenario.rsus.forEach((rsu, i) => {
    rsu.serves.forEach((controller, j) => checkControllerRef(ctx, controller, ['rsus', i, 'serves', j]));
  });
}

/** Reports a dangling reference; returns whether `id` names a controller. */
export function checkControllerRef(ctx: CheckContext, id: string, path: Path): boolean {
  if (ctx.controllers.has(id)) return true;
  ctx.report(path, `unknown signal controller "${id}" ${knownList(ctx.controllers.keys())}`);
  return false;
}

function checkCrosswalks(ctx: CheckContext): void {
  const s = ctx.scenario;
  s.crosswalks.forEach((crosswalk, i) => {
    const path = ['crosswalks', i];
    checkPlace(ctx, crosswalk, path);
    if (crosswalk.control !== 'signal') {
      // Silently ignoring these would hide a forgotten `control: signal`.
      if (crosswalk.signal !== undefined) ctx.report([...path, 'signal'], 'only used with control: signal (this crosswalk is a zebra)');
      if (crosswalk.group !== undefined) ctx.report([...path, 'group'], 'only used with control: signal (this crosswalk is a zebra)');
      return;
    }
    if (crosswalk.signal === undefined || crosswalk.group === undefined) return; // the schema's refine reported it
    if (!checkControllerRef(ctx, crosswalk.signal, [...path, 'signal'])) return;
    const groups = controllerGroups(s, crosswalk.signal);
    if (groups && !groups.includes(crosswalk.group)) {
      ctx.report([...path, 'group'], `controller "${crosswalk.signal}" has no signal group "${crosswalk.group}" (its groups: ${groups.join(', ')})`);
    }
  });
}

function checkConnectionGroups(ctx: CheckContext): void {
  const s = ctx.scenario;
  s.network.explicit?.connections.forEach((connection, i) => {
    if (connection.signalGroup === undefined) return;
    const path = ['network', 'explicit', 'connections', i, 'signalGroup'];
    const node = ctx.links.get(connection.from)?.link.to;
    if (node === undefined) return; // unknown link, reported by the network checks
    const controller = [...ctx.controllers].find(([, n]) => n === node)?.[0];
    if (controller === undefined) {
      ctx.report(path, `link "${connection.from}" enters node "${node}", which has no signal controller (add a signals entry with node: ${node})`);
      return;
    }
    const groups = controllerGroups(s, controller);
    if (groups && !groups.includes(connection.signalGroup)) {
      ctx.report(path, `controller "${controller}" has no signal group "${connection.signalGroup}" (its groups: ${groups.join(', ')})`);
    }
  });
}
