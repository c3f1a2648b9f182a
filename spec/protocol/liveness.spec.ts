/**
 * The chain never stalls: under each fault the reference protocol tolerates, every honest node
 * keeps finalizing (at least 30 ranks) and safety holds, on several seeds, in virtual time.
 * Ranks a faulty leader, a lost message or a partition spoils end by a timeout certificate.
 */
import { scenario, type ScenarioInput } from '../../src/sim/scenario';
import { simulate } from '../../src/sim/simulate';

const SEEDS = [1, 2];

function expectThirtyRanks(input: Omit<ScenarioInput, 'seed'>, seed: number): void {
  const sim = simulate(scenario({ ...input, seed, run: { duration: 120_000, rounds: 30, ...input.run } }), {
    expectLiveness: true,
  });
  expect(sim.verdict.safety).toEqual([]);
  expect(sim.verdict.failures).toEqual([]);
  expect(sim.verdict.liveness.commonRank).toBeGreaterThanOrEqual(30);
}

const cases: [string, Omit<ScenarioInput, 'seed'>][] = [
  [
    'an equivocating proposer, n = 4',
    { nodes: 4, byzantine: [{ node: 3, behaviours: [{ kind: 'equivocating-proposer' }] }] },
  ],
  [
    'two equivocating proposers, n = 7, f = 2',
    {
      nodes: 7,
      byzantine: [
        { node: 5, behaviours: [{ kind: 'equivocating-proposer' }] },
        { node: 6, behaviours: [{ kind: 'equivocating-proposer' }] },
      ],
    },
  ],
  [
    'an equivocating proposer that also double-votes',
    {
      nodes: 4,
      byzantine: [{ node: 2, behaviours: [{ kind: 'equivocating-proposer' }, { kind: 'double-voter' }] }],
    },
  ],
  ['10% loss on every link', { nodes: 4, network: { loss: 0.1 } }],
  ['20% loss on every link', { nodes: 4, network: { loss: 0.2 } }],
  ['30% loss on every link', { nodes: 4, network: { loss: 0.3 } }],
  ['a silent first leader', { nodes: 4, byzantine: [{ node: 1, behaviours: [{ kind: 'silent' }] }] }],
  [
    '2 of 7 silent',
    {
      nodes: 7,
      byzantine: [
        { node: 1, behaviours: [{ kind: 'silent' }] },
        { node: 4, behaviours: [{ kind: 'silent' }] },
      ],
    },
  ],
  ['1 of 5 silent', { nodes: 5, byzantine: [{ node: 2, behaviours: [{ kind: 'silent' }] }] }],
  ['a partition that heals', { nodes: 4, partitions: [{ at: 300, heal: 2_500, groups: [[0, 1]] }] }],
  [
    'every node isolated at start, then healed',
    { nodes: 4, partitions: [{ at: 0, heal: 2_000, groups: [[0], [1], [2]] }] },
  ],
  ['a crash and a restart', { nodes: 4, crashes: [{ node: 2, at: 400, restart: 1_500 }] }],
  [
    'latency above the round timeout',
    {
      nodes: 4,
      network: { latency: { kind: 'uniform', min: 300, max: 700 } },
      protocol: { roundTimeout: 400 },
    },
  ],
  [
    'every proposal delayed beyond the first timeout',
    { nodes: 4, network: { latency: { kind: 'fixed', ms: 600 } }, protocol: { roundTimeout: 500 } },
  ],
];

describe('the chain keeps finalizing', () => {
  describe.each(cases)('%s', (_name, input) => {
    it.each(SEEDS)('seed %i: 30 ranks, safety intact', (seed) => expectThirtyRanks(input, seed));
  });
});
