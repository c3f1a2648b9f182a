// Statistics and their text rendering, from a fresh snapshot and from one holding round data.
import type { Inbound } from '../../src/engine/inputs';
import { initialSnapshot, type MachineSnapshot } from '../../src/engine/snapshot';
import { MachineState as M, ALL_STATES } from '../../src/machine/states';
import { TRANSITIONS } from '../../src/machine/transitions';
import { GrowOnlyMap } from '../../src/store/grow-only-map';
import { RoundBook, type Round } from '../../src/store/round-book';
import { formatStatistics, machineStatistics } from '../../src/viz';

interface Block {
  readonly id: string;
  readonly rank: number;
}
interface Ballot {
  readonly rank: number;
  readonly choice: string;
}
interface Peer {
  readonly name: string;
}
interface Batch {
  readonly rank: number;
  readonly txs: number;
}
type Tag = Inbound<Block, Ballot, Peer, Batch>;
type Snapshot = MachineSnapshot<Block, Ballot, Peer, Batch>;

const peer = (name: string): Peer => ({ name });
const base = (rank: number, key: string) =>
  ({ type: 'inbound', rank, key, itemId: key, peer: peer(key), own: false }) as const;

/** A round at `rank` holding the given numbers of liveness checks, proposals, votes and confirmations. */
function round(
  rank: number,
  n: { liveness: number; proposals: number; votes: number; confirmations: number },
) {
  let r: Round<Block, Ballot, Batch, Tag> = {
    rank,
    liveness: GrowOnlyMap.empty(),
    proposals: GrowOnlyMap.empty(),
    votes: GrowOnlyMap.empty(),
    confirmations: GrowOnlyMap.empty(),
  };
  for (let i = 0; i < n.liveness; i++) {
    const item: Batch = { rank, txs: i };
    r = {
      ...r,
      liveness: r.liveness.with(`p${i}`, item, { ...base(rank, `p${i}`), kind: 'liveness', item }),
    };
  }
  for (let i = 0; i < n.proposals; i++) {
    const item: Block = { id: `b${rank}.${i}`, rank };
    r = {
      ...r,
      proposals: r.proposals.with(`p${i}`, item, { ...base(rank, `p${i}`), kind: 'proposal', item }),
    };
  }
  for (let i = 0; i < n.votes; i++) {
    const item: Ballot = { rank, choice: 'p0' };
    const tag: Tag = { ...base(rank, `p${i}`), kind: 'vote', item, proposer: peer('p0') };
    r = { ...r, votes: r.votes.with(`p${i}`, item, tag) };
  }
  for (let i = 0; i < n.confirmations; i++) {
    const item: Block = { id: `b${rank}.0`, rank };
    const tag: Tag = { ...base(rank, `p${i}`), kind: 'confirmation', item };
    r = { ...r, confirmations: r.confirmations.with(`p${i}`, item, tag) };
  }
  return r;
}

describe('machineStatistics of an initial snapshot', () => {
  const snapshot: Snapshot = initialSnapshot<Block, Ballot, Peer, Batch>(null, -1, 100);

  it('counts the table and reports a stopped machine with nothing in it', () => {
    const stats = machineStatistics(snapshot, { now: 350 });
    expect(stats).toEqual({
      states: ALL_STATES.length,
      transitions: TRANSITIONS.length,
      internalTransitions: 3,
      currentState: M.Stopped,
      enteredAt: 100,
      timeInState: 250,
      transitionsMade: 0,
      lastEvent: null,
      nextProvers: [],
      chosenProposer: null,
      activeState: { rank: -1, identity: null },
      rounds: [],
      fault: null,
    });
    expect(stats.states).toBe(11);
  });

  it('leaves the time in state unknown without `now`', () => {
    expect(machineStatistics(snapshot).timeInState).toBeNull();
  });

  it('counts the table it is given', () => {
    const stats = machineStatistics(snapshot, { table: TRANSITIONS.filter((t) => t.from === M.Voting) });
    expect(stats.transitions).toBe(7);
    expect(stats.internalTransitions).toBe(2);
    expect(stats.states).toBe(5); // voting, and where it can go: finalizing, loading, stopping, collecting
  });
});

describe('machineStatistics of a snapshot with round data', () => {
  const active: Block = { id: 'block-4', rank: 4 };
  const rounds = RoundBook.empty<Block, Ballot, Batch, Tag>()
    .with(round(6, { liveness: 1, proposals: 0, votes: 1, confirmations: 0 }))
    .with(round(5, { liveness: 3, proposals: 2, votes: 2, confirmations: 1 }));
  const snapshot: Snapshot = {
    ...initialSnapshot<Block, Ballot, Peer, Batch>(active, 4, 0),
    state: M.Voting,
    transitionCount: 7,
    enteredAt: 3_000,
    lastEvent: 'vote_received',
    nextProvers: [peer('p1'), peer('p2')],
    chosenProposer: peer('p2'),
    rounds,
  };

  it('reports per-rank counts, lowest rank first', () => {
    expect(machineStatistics(snapshot).rounds).toEqual([
      { rank: 5, liveness: 3, proposals: 2, votes: 2, confirmations: 1 },
      { rank: 6, liveness: 1, proposals: 0, votes: 1, confirmations: 0 },
    ]);
  });

  it('counts a first write once', () => {
    const r5 = rounds.roundAt(5);
    const again = rounds.with({
      ...r5,
      votes: r5.votes.with('p0', { rank: 5, choice: 'p1' }, r5.votes.tagOf('p0')!),
    });
    expect(machineStatistics({ ...snapshot, rounds: again }).rounds[0]?.votes).toBe(2);
  });

  it('reports state, time, transitions made, provers and the active state through the identity functions', () => {
    const stats = machineStatistics(snapshot, {
      now: 3_250,
      peerIdentity: (p) => p.name,
      stateIdentity: (s) => s.id,
    });
    expect(stats.currentState).toBe(M.Voting);
    expect(stats.timeInState).toBe(250);
    expect(stats.transitionsMade).toBe(7);
    expect(stats.nextProvers).toEqual(['p1', 'p2']);
    expect(stats.chosenProposer).toBe('p2');
    expect(stats.activeState).toEqual({ rank: 4, identity: 'block-4' });
  });

  it('names peers by their JSON without a peer identity function', () => {
    const stats = machineStatistics(snapshot);
    expect(stats.nextProvers).toEqual(['{"name":"p1"}', '{"name":"p2"}']);
    expect(stats.activeState).toEqual({ rank: 4, identity: null });
  });

  it('formats as readable lines with the rounds as a table', () => {
    const text = formatStatistics(
      machineStatistics(snapshot, { now: 3_250, peerIdentity: (p) => p.name, stateIdentity: (s) => s.id }),
    );
    const lines = text.split('\n');
    expect(lines.find((l) => l.startsWith('state'))).toMatch(/^state\s+voting \(for 250 ms\)$/);
    expect(lines.find((l) => l.startsWith('transitions made'))).toMatch(/\s7$/);
    expect(lines.find((l) => l.startsWith('active state'))).toMatch(/rank 4, block-4$/);
    expect(lines.find((l) => l.startsWith('next provers'))).toMatch(/p1, p2$/);
    expect(lines.find((l) => l.startsWith('machine'))).toMatch(/11 states, 46 transitions \(3 internal\)$/);
    const header = lines.findIndex((l) => l.trim().startsWith('rank'));
    expect(lines[header]!.trim().split(/\s+/)).toEqual([
      'rank',
      'liveness',
      'proposals',
      'votes',
      'confirmations',
    ]);
    const numbers = lines.slice(header + 1).map((l) => l.trim().split(/\s+/).map(Number));
    expect(numbers).toEqual([
      [5, 3, 2, 2, 1],
      [6, 1, 0, 1, 0],
    ]);
  });

  it('says when there is no round data', () => {
    const text = formatStatistics(machineStatistics(initialSnapshot(null, -1, 0)));
    expect(text).toContain('(no round data)');
    expect(text).toMatch(/active state\s+none/);
    expect(text).toMatch(/state\s+stopped \(since 0 ms\)/);
  });
});
