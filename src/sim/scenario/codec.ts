/**
 * The scenario's io-ts codec, so a scenario read back from JSON (a saved failing run, `--replay`)
 * is checked field by field before it runs: a bad file gets a readable error naming the field.
 */
import * as t from 'io-ts';
import { isLeft } from 'fp-ts/Either';
import { reportFirst } from '../../guard/io-ts-report';
import type { Scenario } from './types';

const ms = t.refinement(t.number, (n) => Number.isFinite(n) && n >= 0, 'non-negative finite ms');
const index = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0, 'node index');
const probability = t.refinement(t.number, (p) => p >= 0 && p <= 1, 'probability in [0, 1]');

const Latency = t.union([
  t.strict({ kind: t.literal('fixed'), ms }),
  t.strict({ kind: t.literal('uniform'), min: ms, max: ms }),
  t.strict({ kind: t.literal('exponential'), min: ms, mean: ms }),
]);

const linkFaults = { latency: Latency, loss: probability, duplicate: probability, reorder: ms };

const Behaviour = t.union([
  t.strict({ kind: t.literal('equivocating-proposer') }),
  t.strict({ kind: t.literal('double-voter') }),
  t.strict({ kind: t.literal('phantom-voter') }),
  t.strict({ kind: t.literal('silent') }),
  t.strict({ kind: t.literal('stale-replayer'), age: ms }),
  t.strict({ kind: t.literal('garbage') }),
  t.strict({ kind: t.literal('slow'), delay: ms }),
  t.strict({ kind: t.literal('twins') }),
]);

export const ScenarioCodec = t.strict(
  {
    seed: t.Integer,
    nodes: index,
    byzantine: t.array(t.strict({ node: index, behaviours: t.array(Behaviour) })),
    network: t.intersection([
      t.strict(linkFaults),
      t.strict({
        links: t.array(t.intersection([t.strict({ from: index, to: index }), t.partial(linkFaults)])),
      }),
    ]),
    partitions: t.array(t.strict({ at: ms, heal: t.union([ms, t.null]), groups: t.array(t.array(index)) })),
    crashes: t.array(t.strict({ node: index, at: ms, restart: t.union([ms, t.null]) })),
    run: t.strict({ duration: ms, rounds: t.union([index, t.null]), afterFaults: t.union([index, t.null]) }),
    protocol: t.strict({ roundTimeout: ms, timeouts: t.record(t.string, ms) }),
  },
  'Scenario',
);

/** Decodes untrusted JSON into a scenario, or says which field is wrong. */
export function decodeScenario(
  json: unknown,
): { ok: true; scenario: Scenario } | { ok: false; error: string } {
  const decoded = ScenarioCodec.decode(json);
  if (isLeft(decoded)) {
    const { field, problem } = reportFirst(decoded.left, 'scenario');
    return { ok: false, error: `${field}: ${problem}` };
  }
  return { ok: true, scenario: decoded.right as Scenario };
}
