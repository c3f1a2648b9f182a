/**
 * The nemesis checker decides from the history, the stores and the received logs alone: a clean
 * run passes, and each kind of violation (a fork, a double sign, a signature its signer never
 * recorded, a lost mutation, a duplicated one, a stall) fails it.
 */
import {
  checkNemesis,
  percentiles,
  type Evidence,
  type StoreEvidence,
} from '../../../src/cli/nemesis/checker';
import type { HistoryEvent } from '../../../src/cli/nemesis/history';
import type { ReceivedEntry } from '../../../src/cli/verdict';

const NODES = ['v1', 'v2', 'v3'];

/** Ranks 0..9, a frame each; mutation m<r> finalized at rank r. */
const chain = (ranks = 10) =>
  Array.from({ length: ranks }, (_, rank) => ({ rank, frame: `f${rank}`, mutations: [`m${rank}`] }));

const store = (over: Partial<StoreEvidence> = {}): StoreEvidence => ({
  finalized: chain(),
  journal: new Set(Array.from({ length: 10 }, (_, r) => [`${r}:vote`, `${r}:proposal`]).flat()),
  doubleSignedRanks: [],
  ...over,
});

/**
 * A 5-second run: every node reports a new finalized rank every 500 ms, except v3 while it is
 * killed (fault 1, 1000–2000 ms); it is back at the head 300 ms after the heal.
 */
function cleanHistory(): HistoryEvent[] {
  const h: HistoryEvent[] = [
    { t: 0, type: 'start', nodes: NODES, seed: 1, durationMs: 5000, network: 'loopback', stallBoundMs: 1000 },
    { t: 1000, type: 'fault', id: 1, kind: 'kill', nodes: ['v3'], detail: 'SIGKILL' },
    { t: 2000, type: 'heal', id: 1 },
  ];
  for (let r = 0; r < 10; r++) {
    h.push({ t: 50 + r * 500, type: 'submit', mutation: `m${r}`, node: 'v1', status: 202 });
    for (const node of NODES) {
      const t = 100 + r * 500;
      if (node === 'v3' && t >= 1000 && t < 2300) continue;
      h.push({ t, type: 'rank', node, finalizedRank: r });
    }
  }
  h.push({ t: 2300, type: 'rank', node: 'v3', finalizedRank: 4 });
  h.push({ t: 5000, type: 'end' });
  return h.sort((a, b) => a.t - b.t);
}

const received = (entries: ReceivedEntry[] = []): Record<string, ReceivedEntry[]> => ({
  v1: [{ signer: 'v2', kind: 'vote', rank: 3, item: 'f3@v1' }, ...entries],
  v2: [{ signer: 'v1', kind: 'proposal', rank: 3, item: 'f3' }],
  v3: [],
});

const evidence = (over: Partial<Evidence> = {}): Evidence => ({
  history: cleanHistory(),
  stores: { v1: store(), v2: store(), v3: store() },
  received: received(),
  ...over,
});

describe('checkNemesis', () => {
  it('passes a clean run and measures the recovery after the heal', () => {
    const verdict = checkNemesis(evidence());
    expect(verdict.violations).toEqual([]);
    expect(verdict).toMatchObject({
      agree: true,
      doubleSigned: 0,
      unrecorded: 0,
      stalled: false,
      faults: 1,
      mutations: { submitted: 10, accepted: 10, finalized: 10, lost: 0, duplicated: 0 },
    });
    // Head at the heal (2000 ms) is rank 3 (reported at 1600); everyone is past it at 2300.
    expect(verdict.recoveryMs).toEqual({ p50: 300, p99: 300, max: 300, samples: 1, unrecovered: 0 });
  });

  it('fails a fork: two stores finalized different frames at one rank', () => {
    const forked = chain().map((f) => (f.rank === 6 ? { ...f, frame: 'other' } : f));
    const verdict = checkNemesis(
      evidence({ stores: { v1: store(), v2: store({ finalized: forked }), v3: store() } }),
    );
    expect(verdict.agree).toBe(false);
    expect(verdict.violations).toContainEqual(expect.stringContaining('fork: rank 6'));
  });

  it('fails a double sign that only the peers saw', () => {
    const verdict = checkNemesis(
      evidence({ received: received([{ signer: 'v2', kind: 'vote', rank: 3, item: 'g3@v1' }]) }),
    );
    expect(verdict.doubleSigned).toBe(1);
    expect(verdict.violations).toContainEqual(expect.stringContaining('v2 signed two different messages'));
  });

  it('fails a double sign in a journal', () => {
    const verdict = checkNemesis(
      evidence({ stores: { v1: store(), v2: store(), v3: store({ doubleSignedRanks: [4] }) } }),
    );
    expect(verdict.doubleSigned).toBe(1);
  });

  it('fails a message peers received that its signer never recorded', () => {
    const verdict = checkNemesis(
      evidence({ received: received([{ signer: 'v3', kind: 'timeout', rank: 7, item: '6' }]) }),
    );
    expect(verdict.unrecorded).toBe(1);
    expect(verdict.violations).toContainEqual('signed unrecorded: v3 timeout@7');
  });

  it('fails a lost mutation: accepted, never finalized', () => {
    const history = [
      ...cleanHistory(),
      { t: 4000, type: 'submit', mutation: 'gone', node: 'v2', status: 202 } as const,
      // Refused or unanswered submissions are not owed a finalization.
      { t: 4000, type: 'submit', mutation: 'refused', node: 'v2', status: 503 } as const,
      { t: 4000, type: 'submit', mutation: 'unanswered', node: 'v2', status: null } as const,
    ];
    const verdict = checkNemesis(evidence({ history }));
    expect(verdict.mutations).toEqual({ submitted: 13, accepted: 11, finalized: 10, lost: 1, duplicated: 0 });
    expect(verdict.violations).toEqual(['lost: gone was accepted and never finalized']);
  });

  it('fails a mutation finalized twice', () => {
    const twice = chain().map((f) => (f.rank === 8 ? { ...f, mutations: ['m8', 'm2'] } : f));
    const stores = {
      v1: store({ finalized: twice }),
      v2: store({ finalized: twice }),
      v3: store({ finalized: twice }),
    };
    const verdict = checkNemesis(evidence({ stores }));
    expect(verdict.mutations.duplicated).toBe(1);
    expect(verdict.violations).toEqual(['duplicated: m2 finalized at ranks 2, 8']);
  });

  it('fails a stall: the head stands still longer than the bound with no fault active', () => {
    const history = cleanHistory().filter((e) => !(e.type === 'rank' && e.t > 3000));
    const verdict = checkNemesis(evidence({ history }));
    expect(verdict.stalled).toBe(true);
    expect(verdict.violations).toContainEqual(
      'stall: no rank finalized from 2600 ms to 5000 ms with no fault active',
    );
  });

  it('does not count a standstill while a fault stands', () => {
    const history = cleanHistory()
      .map((e) => (e.type === 'heal' ? { ...e, t: 4000 } : e))
      .filter((e) => !(e.type === 'rank' && e.t > 1000 && e.t < 4000));
    const verdict = checkNemesis(evidence({ history }));
    expect(verdict.violations).toEqual([]);
    expect(verdict.recoveryMs).toMatchObject({ samples: 1, unrecovered: 0, max: 100 });
  });

  it('fails a validator that does not catch up after a heal: within the bound before the next fault, or by the end', () => {
    const stuck = (heal: number, next?: number): HistoryEvent[] => {
      const history = cleanHistory()
        .map((e) => (e.type === 'heal' ? { ...e, t: heal } : e))
        .filter((e) => !(e.type === 'rank' && e.node === 'v3' && e.t >= 1000));
      if (next !== undefined)
        history.push(
          { t: next, type: 'fault', id: 2, kind: 'pause', nodes: ['v1'], detail: 'SIGSTOP v1' },
          { t: next + 100, type: 'heal', id: 2 },
        );
      return history.sort((a, b) => a.t - b.t);
    };
    // Unrecovered within a quiet spell shorter than the bound: counted, not a stall by itself.
    const short = checkNemesis(evidence({ history: stuck(2000, 2500) }));
    expect(short.recoveryMs).toMatchObject({ unrecovered: 2, max: 2400 });
    expect(short.violations).not.toContainEqual(expect.stringContaining('after the heal at 2000 ms'));
    // ...longer than the bound: a stall; and behind at the end: a stall.
    const long = checkNemesis(evidence({ history: stuck(2000, 3500) }));
    expect(long.stalled).toBe(true);
    expect(long.violations).toEqual([
      'stall: not every validator caught up in 1500 ms after the heal at 2000 ms',
      'stall: not every validator caught up by the end, 1400 ms after the heal at 3600 ms',
    ]);
  });

  it('fails an unreadable store and a run in which nothing was finalized', () => {
    const verdict = checkNemesis(
      evidence({
        stores: { v1: store(), v2: store(), v3: { unreadable: 'not a store' } },
        history: cleanHistory().filter((e) => e.type !== 'rank'),
      }),
    );
    expect(verdict.agree).toBe(false);
    expect(verdict.stalled).toBe(true);
  });
});

describe('percentiles', () => {
  it('takes nearest ranks', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentiles(samples)).toEqual({ p50: 50, p99: 99, max: 100 });
    expect(percentiles([])).toEqual({ p50: 0, p99: 0, max: 0 });
  });
});
