/**
 * The scenario generator, written once over a source of draws: seeded (`randomScenario`, no
 * fast-check needed: the same seed always gives the same scenario, so a campaign prints a seed and
 * anyone can regenerate and replay it) or fast-check's (`scenarioArbitrary`, which shrinks the
 * draws). A share of the scenarios keep one fault type only (one Byzantine behaviour, or loss, or
 * partitions, …), so liveness figures per fault type are not muddled by whatever else went wrong.
 */
import { createRng, type Rng } from '../../transport/rng';
import {
  assembleScenario,
  type ByzantineDraw,
  type CrashDraw,
  type PartitionDraw,
  type ScenarioDraw,
} from './draw';
import { COMBINABLE, DEFAULT_SPACE, type ScenarioSpace } from './space';
import { maxFaulty, type BehaviourKind, type LatencySpec, type LinkSpec, type Scenario } from './types';

/** Where the generator's random choices come from. */
export type Draws = Pick<Rng, 'next' | 'int' | 'chance' | 'pick'>;

export function randomScenario(seed: number, space: ScenarioSpace = DEFAULT_SPACE): Scenario {
  return assembleScenario(randomDraw(seed, space));
}

export function randomDraw(seed: number, space: ScenarioSpace = DEFAULT_SPACE): ScenarioDraw {
  return drawScenario(createRng(seed).fork('scenario'), seed, space);
}

/** The raw choices of one scenario (see `assembleScenario`), drawn from `rng`. */
export function drawScenario(rng: Draws, seed: number, space: ScenarioSpace): ScenarioDraw {
  const nodes = rng.int(space.minNodes, space.maxNodes);
  const duration = 100 * rng.int(Math.ceil(space.minDuration / 100), Math.floor(space.maxDuration / 100));
  const byzantineCount = space.byzantine && space.behaviours.length > 0 ? rng.int(0, maxFaulty(nodes)) : 0;
  const order = shuffled(rng, nodes);
  const draw: ScenarioDraw = {
    seed,
    ...(space.votesTo === undefined ? {} : { votesTo: space.votesTo }),
    ...(space.leaders === undefined ? {} : { leaders: space.leaders }),
    nodes,
    duration,
    faultWindow: space.faultWindow,
    rounds: space.rounds,
    afterFaults: space.afterFaults,
    byzantine: order.slice(0, byzantineCount).map((node) => byzantineDraw(rng, node, space)),
    latency: latency(rng, space.minLatency, space.maxLatency),
    loss: sometimes(rng, () => rng.next() * space.maxLoss),
    duplicate: sometimes(rng, () => rng.next() * space.maxDuplicate),
    reorder: sometimes(rng, () => rng.next() * space.maxReorder),
    links: rng.chance(0.2) ? Array.from({ length: rng.int(1, 2) }, () => link(rng, nodes, space)) : [],
    partitions: Array.from({ length: rng.int(0, space.maxPartitions) }, () => partition(rng, nodes)),
    crashes: Array.from({ length: rng.int(0, space.maxCrashes) }, () => crash(rng, nodes)),
  };
  if (!rng.chance(space.singleFault)) return draw;
  const focuses = [...(space.byzantine ? space.behaviours : []), ...NETWORK_FOCUSES];
  return focusDraw(rng, draw, rng.pick(focuses), space);
}

function byzantineDraw(rng: Draws, node: number, space: ScenarioSpace): ByzantineDraw {
  const first = rng.pick(space.behaviours);
  const extras = COMBINABLE.filter((k) => k !== first && space.behaviours.includes(k));
  const kinds = extras.length > 0 && rng.chance(0.25) ? [first, rng.pick(extras)] : [first];
  return { node, kinds, param: rng.next() };
}

function latency(rng: Draws, min: number, max: number): LatencySpec {
  const mean = rng.int(Math.max(1, min), Math.max(1, min, max));
  switch (rng.int(0, 2)) {
    case 0:
      return { kind: 'fixed', ms: mean };
    case 1:
      return { kind: 'uniform', min: Math.floor(mean / 2), max: Math.ceil(mean * 1.5) };
    default:
      return { kind: 'exponential', min: 1, mean };
  }
}

function link(rng: Draws, nodes: number, space: ScenarioSpace): LinkSpec {
  const from = rng.int(0, nodes - 1);
  const to = (from + rng.int(1, nodes - 1)) % nodes;
  return rng.chance(0.5)
    ? { from, to, latency: { kind: 'uniform', min: space.maxLatency, max: space.maxLatency * 4 } }
    : { from, to, loss: Math.round(rng.next() * 500) / 1000 };
}

function partition(rng: Draws, nodes: number): PartitionDraw {
  const cut = shuffled(rng, nodes).slice(0, rng.int(1, Math.floor(nodes / 2)));
  return { start: rng.next(), length: rng.next(), heals: !rng.chance(0.1), cut };
}

function crash(rng: Draws, nodes: number): CrashDraw {
  return {
    node: rng.int(0, nodes - 1),
    at: rng.next(),
    downFor: rng.chance(0.85) ? rng.int(100, 2_000) : null,
  };
}

/** Zero half the time, so faults come one at a time often enough to be told apart. */
const sometimes = (rng: Draws, draw: () => number): number => (rng.chance(0.5) ? 0 : draw());

function shuffled(rng: Draws, n: number): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

type Focus = BehaviourKind | 'loss' | 'duplicate' | 'reorder' | 'partition' | 'crash' | 'none';

const NETWORK_FOCUSES: readonly Focus[] = ['loss', 'duplicate', 'reorder', 'partition', 'crash', 'none'];

/** `d` stripped down to one fault type, making sure that fault is present. */
function focusDraw(rng: Draws, d: ScenarioDraw, focus: Focus, space: ScenarioSpace): ScenarioDraw {
  const quiet: ScenarioDraw = {
    ...d,
    byzantine: [],
    loss: 0,
    duplicate: 0,
    reorder: 0,
    links: [],
    partitions: [],
    crashes: [],
  };
  switch (focus) {
    case 'none':
      return quiet;
    case 'loss':
      return { ...quiet, loss: d.loss > 0 ? d.loss : (0.2 + 0.8 * rng.next()) * space.maxLoss };
    case 'duplicate':
      return {
        ...quiet,
        duplicate: d.duplicate > 0 ? d.duplicate : (0.2 + 0.8 * rng.next()) * space.maxDuplicate,
      };
    case 'reorder':
      return { ...quiet, reorder: d.reorder > 0 ? d.reorder : (0.2 + 0.8 * rng.next()) * space.maxReorder };
    case 'partition':
      return {
        ...quiet,
        partitions:
          d.partitions.length > 0
            ? d.partitions
            : [{ start: rng.next(), length: rng.next(), heals: true, cut: [rng.int(0, d.nodes - 1)] }],
      };
    case 'crash':
      return {
        ...quiet,
        crashes:
          d.crashes.length > 0
            ? d.crashes
            : [{ node: rng.int(0, d.nodes - 1), at: rng.next(), downFor: rng.int(100, 2_000) }],
      };
    default: {
      const nodes = d.byzantine.length > 0 ? d.byzantine.map((b) => b.node) : [rng.int(0, d.nodes - 1)];
      return { ...quiet, byzantine: nodes.map((node) => ({ node, kinds: [focus], param: rng.next() })) };
    }
  }
}
