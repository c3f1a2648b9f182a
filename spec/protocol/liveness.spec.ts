/**
 * The chain never stalls: under each fault the reference protocol tolerates, every honest node
 * keeps finalizing (at least 30 ranks) and safety holds, on several seeds, in virtual time.
 * Ranks a faulty leader, a lost message or a partition spoils end by a timeout certificate.
 */
import { scenario, type ScenarioInput } from '../../src/entries/sim';
import { simulate } from '../../src/sim/simulate';
import { createCluster } from '../../src/entries/sim';
import { timeoutsOnly } from '../../src/entries/sim';

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

describe('ranks end by timeout certificates', () => {
  it('when 2 of 4 validators send only timeouts: no frame can be certified, yet the rank advances', () => {
    const cluster = createCluster({
      validators: 4,
      byzantine: { v2: timeoutsOnly(), v3: timeoutsOnly() },
      beyondFaultModel: true,
      roundTimeout: 200,
      timeouts: { starting: 20 },
    });
    const byTimeout = new Map<string, number>();
    cluster.events$.subscribe((e) => {
      if (e.kind === 'rank' && e.by === 'timeout')
        byTimeout.set(e.node, Math.max(byTimeout.get(e.node) ?? 0, e.rank));
    });
    cluster.start();
    cluster.runFor(10_000);
    for (const id of ['v0', 'v1']) {
      expect(byTimeout.get(id)).toBeGreaterThanOrEqual(8);
      expect(cluster.node(id).validator!.status().finalizedRank).toBe(0);
    }
    expect(() =>
      createCluster({ validators: 4, byzantine: { v2: timeoutsOnly(), v3: timeoutsOnly() } }),
    ).toThrow(/2 faulty validators of 4: the protocol tolerates at most 1/);
    cluster.close();
  });
});
