/**
 * Parsers for the short command-line forms of scenario parts, each throwing a RangeError that says
 * what form was expected:
 *
 *   latency     20 | 5-50 | exp:30 (1 ms + exponential, mean 30) | exp:5:30 (min 5)
 *   partition   AT-HEAL:GROUP[/GROUP…]  e.g. 1000-2500:0,1  (HEAL "never" for no heal)
 *   crash       NODE@AT[-RESTART]       e.g. 2@1000-3000, 2@1000 (never restarts)
 *   behaviour   KIND[:MS][+KIND…], e.g. double-voter, slow:300+garbage, stale-replayer:1000;
 *               `mixed` is phantom-voter+double-voter+stale-replayer (the example network's node)
 */
import {
  BEHAVIOUR_KINDS,
  type BehaviourKind,
  type BehaviourSpec,
  type CrashSpec,
  type LatencySpec,
  type PartitionSpec,
} from '../../sim/scenario/types';

export function parseLatency(text: string): LatencySpec {
  const t = text.trim();
  let m = /^(\d+(?:\.\d+)?)$/.exec(t);
  if (m) return { kind: 'fixed', ms: Number(m[1]) };
  m = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(t);
  if (m) {
    const [min, max] = [Number(m[1]), Number(m[2])];
    if (min > max) throw new RangeError(`latency "${text}": min exceeds max`);
    return { kind: 'uniform', min, max };
  }
  m = /^exp:(?:(\d+(?:\.\d+)?):)?(\d+(?:\.\d+)?)$/.exec(t);
  if (m) return { kind: 'exponential', min: m[1] === undefined ? 1 : Number(m[1]), mean: Number(m[2]) };
  throw new RangeError(`latency "${text}": expected MS, MIN-MAX or exp:[MIN:]MEAN`);
}

export function parsePartition(text: string): PartitionSpec {
  const m = /^(\d+)-(\d+|never):([\d,/]+)$/.exec(text.trim());
  if (!m) throw new RangeError(`partition "${text}": expected AT-HEAL:NODES[/NODES…], e.g. 1000-2500:0,1`);
  const groups = m[3]!.split('/').map((g) =>
    g
      .split(',')
      .filter((x) => x !== '')
      .map(Number),
  );
  if (groups.some((g) => g.length === 0)) throw new RangeError(`partition "${text}": empty group`);
  return { at: Number(m[1]), heal: m[2] === 'never' ? null : Number(m[2]), groups };
}

export function parseCrash(text: string): CrashSpec {
  const m = /^(\d+)@(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!m) throw new RangeError(`crash "${text}": expected NODE@AT[-RESTART], e.g. 2@1000-3000`);
  return { node: Number(m[1]), at: Number(m[2]), restart: m[3] === undefined ? null : Number(m[3]) };
}

/** Names that stand for other forms: `garbage-sender` is the garbage strategy's own name. */
const SHORTHANDS: Readonly<Record<string, string>> = {
  mixed: 'phantom-voter+double-voter+stale-replayer',
  'garbage-sender': 'garbage',
};

export function parseBehaviours(text: string): BehaviourSpec[] {
  return text.split('+').flatMap((part): BehaviourSpec[] => {
    const [kind, param] = part.trim().split(':') as [string, string | undefined];
    const shorthand = param === undefined ? SHORTHANDS[kind] : undefined;
    if (shorthand !== undefined) return parseBehaviours(shorthand);
    if (!(BEHAVIOUR_KINDS as readonly string[]).includes(kind))
      throw new RangeError(`behaviour "${kind}": expected one of mixed, ${BEHAVIOUR_KINDS.join(', ')}`);
    const k = kind as BehaviourKind;
    if (k === 'timeout-liar') {
      if (param !== undefined && param !== 'inflated' && param !== 'deflated')
        throw new RangeError(`behaviour "${part}": the claim is inflated or deflated`);
      return [{ kind: k, claim: param ?? 'inflated' }];
    }
    const n = param === undefined ? undefined : Number(param);
    if (n !== undefined && !(n >= 0))
      throw new RangeError(`behaviour "${part}": parameter must be a number >= 0`);
    if (k === 'slow') return [{ kind: k, delay: n ?? 200 }];
    if (k === 'stale-replayer') return [{ kind: k, age: n ?? 1_000 }];
    return [{ kind: k } as BehaviourSpec];
  });
}
