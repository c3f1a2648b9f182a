/** The command-line forms of scenario parts: latency, partitions, crashes, behaviours, and a whole scenario. */
import {
  parseBehaviours,
  parseCrash,
  parseLatency,
  parsePartition,
  scenarioFromOptions,
} from '../../src/entries/sim';
import { scenarioProblems } from '../../src/entries/sim';

describe('scenario options', () => {
  it('parses latency as fixed, a range or an exponential tail', () => {
    expect(parseLatency('20')).toEqual({ kind: 'fixed', ms: 20 });
    expect(parseLatency('5-50')).toEqual({ kind: 'uniform', min: 5, max: 50 });
    expect(parseLatency('exp:30')).toEqual({ kind: 'exponential', min: 1, mean: 30 });
    expect(parseLatency('exp:5:30')).toEqual({ kind: 'exponential', min: 5, mean: 30 });
    expect(() => parseLatency('fast')).toThrow(/expected MS, MIN-MAX or exp/);
    expect(() => parseLatency('50-5')).toThrow(/min exceeds max/);
  });

  it('parses partitions and crashes', () => {
    expect(parsePartition('1000-2500:0,1')).toEqual({ at: 1000, heal: 2500, groups: [[0, 1]] });
    expect(parsePartition('10-never:0/2,3')).toEqual({ at: 10, heal: null, groups: [[0], [2, 3]] });
    expect(() => parsePartition('1000:0')).toThrow(/AT-HEAL:NODES/);
    expect(parseCrash('2@1000-3000')).toEqual({ node: 2, at: 1000, restart: 3000 });
    expect(parseCrash('2@1000')).toEqual({ node: 2, at: 1000, restart: null });
    expect(() => parseCrash('two@1')).toThrow(/NODE@AT/);
  });

  it('parses combined behaviours with their parameters', () => {
    expect(parseBehaviours('slow:300+double-voter')).toEqual([
      { kind: 'slow', delay: 300 },
      { kind: 'double-voter' },
    ]);
    expect(parseBehaviours('stale-replayer')).toEqual([{ kind: 'stale-replayer', age: 1000 }]);
    expect(() => parseBehaviours('evil')).toThrow(/expected one of/);
  });

  it('builds a valid scenario with the Byzantine nodes last, behaviours in turn', () => {
    const s = scenarioFromOptions({
      nodes: 7,
      byzantine: 2,
      behaviour: ['double-voter', 'garbage+slow:50'],
      latency: '5-40',
      loss: 0.05,
      partition: ['1000-2500:0,1'],
      crash: ['3@1500-3000'],
      rounds: 20,
      seed: 9,
    });
    expect(scenarioProblems(s)).toEqual([]);
    expect(s.byzantine).toEqual([
      { node: 5, behaviours: [{ kind: 'double-voter' }] },
      { node: 6, behaviours: [{ kind: 'garbage' }, { kind: 'slow', delay: 50 }] },
    ]);
    expect(s.run).toEqual({ duration: 20_000, rounds: 20, afterFaults: null });
    expect(s.network.latency).toEqual({ kind: 'uniform', min: 5, max: 40 });
  });
});
