import {
  createMutationPool,
  createReferenceNode,
  makeCollected,
  type Ballot,
  type Collected,
  type Frame,
  type ReferenceBroadcasts,
} from '../../src/reference';
import { isObservable, Subject, type Observable, type VirtualTimeScheduler } from 'rxjs';
import type { MachineSnapshot } from '../../src';
import { ballotFor, frameBy, genesis, keyring, virtualScheduler } from './support';

const ring = keyring(4);
const signal = new AbortController().signal;

function nodeFor(self = 'v1', options: { patience?: number; scheduler?: VirtualTimeScheduler } = {}) {
  const sent: { kind: string; item: Frame | Ballot | Collected; proposer?: string }[] = [];
  const send: ReferenceBroadcasts = {
    proposal: (item) => sent.push({ kind: 'proposal', item }),
    vote: (proposer, item) => sent.push({ kind: 'vote', item, proposer }),
    liveness: (item) => sent.push({ kind: 'liveness', item }),
    confirmation: (item) => sent.push({ kind: 'confirmation', item }),
  };
  const pool = createMutationPool(['m1', 'm2']);
  const node = createReferenceNode({
    self,
    signer: ring.signer(self),
    validators: ring.validators,
    send,
    mutationPool: pool,
    patience: options.patience ?? 0,
    ...(options.scheduler === undefined ? {} : { scheduler: options.scheduler }),
  });
  return { node, sent, pool, send, p: node.providers };
}

const value = <T>(r: unknown): T => r as T;

describe('createReferenceNode', () => {
  it('checks its configuration', () => {
    const send = nodeFor().send;
    expect(() =>
      createReferenceNode({ self: 'x', signer: ring.signer('v1'), validators: ring.validators, send }),
    ).toThrow('x is not in the validator set');
    expect(() =>
      createReferenceNode({ self: 'v1', signer: ring.signer('v2'), validators: ring.validators, send }),
    ).toThrow("the signer's public key is not the one listed for v1");
  });

  it('asks for n − f provers and counts its own sends', () => {
    const { node } = nodeFor();
    expect(node.minimumProvers).toBe(3);
    expect(node.machineOptions).toMatchObject({
      id: 'v1',
      initialState: null,
      emitReceiveEventsOnSends: true,
      minimumProvers: 3,
    });
  });
});

describe('reference providers', () => {
  it('sync keeps the existing frame or starts from genesis', () => {
    const { p } = nodeFor();
    expect(p.sync.synchronize(null, signal)).toEqual(genesis);
    const f = frameBy(ring, 'v2');
    expect(p.sync.synchronize(f, signal)).toBe(f);
  });

  it('every validator is a next leader, in round-robin order for the next rank', () => {
    const { p } = nodeFor();
    expect(p.leader.getNextLeaders(genesis, signal)).toEqual(['v1', 'v2', 'v3', 'v0']);
    expect(p.leader.getNextLeaders(frameBy(ring, 'v2'), signal)).toEqual(['v2', 'v3', 'v0', 'v1']);
  });

  it('liveness collects pending mutations for the next rank, the same ones again on re-entry', () => {
    const { p, pool, sent } = nodeFor();
    p.sync.synchronize(null, signal);
    const c = value<Collected>(p.liveness.collect(signal));
    expect(c).toEqual(makeCollected(1, ['m1', 'm2']));
    pool.add('m3');
    expect(p.liveness.collect(signal)).toBe(c);
    p.liveness.sendLiveness(genesis, c, signal);
    expect(sent).toEqual([{ kind: 'liveness', item: c }]);
  });

  it('every node proves a signed frame on the prior with the collected mutations, the same one on re-entry', () => {
    const { p } = nodeFor('v3');
    const c = makeCollected(1, ['m1']);
    const f = value<Frame>(p.leader.proveNextState(genesis, c, signal));
    expect(f).toMatchObject({ rank: 1, parent: genesis.id, proposer: 'v3', mutations: ['m1'] });
    expect(p.leader.proveNextState(genesis, makeCollected(1, ['other']), signal)).toBe(f);
  });

  it('votes for the highest-priority valid proposal, signs the ballot and broadcasts it', () => {
    const { p, sent } = nodeFor('v0');
    p.sync.synchronize(genesis, signal);
    const byV2 = frameBy(ring, 'v2');
    const byV3 = frameBy(ring, 'v3');
    const forged = { ...frameBy(ring, 'v1'), signature: byV2.signature };
    const decided = value<{ proposer: string; vote: Ballot }>(
      p.voting.decideAndSendVote(
        new Map([
          ['v3', byV3],
          ['v2', byV2],
          ['v1', forged],
        ]),
        signal,
      ),
    );
    expect(decided.proposer).toBe('v2');
    expect(decided.vote).toEqual(ballotFor(ring, 'v0', byV2));
    expect(sent).toEqual([{ kind: 'vote', item: decided.vote, proposer: 'v2' }]);
    expect(p.voting.sendVote(decided.vote, signal)).toBe('v2');
    expect(sent).toHaveLength(2);
  });

  it('waits (until the voting timeout) when no proposal is valid', () => {
    const { p, sent } = nodeFor('v0');
    p.sync.synchronize(genesis, signal);
    const answer = p.voting.decideAndSendVote(
      new Map([['v1', frameBy(ring, 'v1', frameBy(ring, 'v2'))]]),
      signal,
    );
    expect(isObservable(answer)).toBe(true);
    const seen: unknown[] = [];
    const subscription = (answer as Observable<unknown>).subscribe((x) => seen.push(x));
    expect(seen).toEqual([]);
    expect(sent).toEqual([]);
    subscription.unsubscribe();
  });

  it('has a quorum at 3 verified ballots for one frame and finalizes that frame', () => {
    const { p, pool } = nodeFor('v0');
    p.sync.synchronize(genesis, signal);
    const f = frameBy(ring, 'v1', genesis, ['m1']);
    const proposals = new Map([['v1', f]]);
    const two = new Map(['v0', 'v1'].map((id) => [id, ballotFor(ring, id, f)]));
    const forged = { ...ballotFor(ring, 'v2', frameBy(ring, 'v2')), proposal: f.id };
    expect(p.voting.isQuorum(two, signal)).toBe(false);
    expect(p.voting.isQuorum(new Map([...two, ['v2', forged]]), signal)).toBe(false);
    const three = new Map([...two, ['v3', ballotFor(ring, 'v3', f)]]);
    expect(p.voting.isQuorum(three, signal)).toBe(true);
    expect(p.voting.finalizeVotes(proposals, three, signal)).toEqual({ state: f, proposer: 'v1' });
    expect(pool.pending()).toEqual(['m2']);
    expect(value<Collected>(p.liveness.collect(signal)).rank).toBe(2);
  });

  it('cannot finalize a frame it never received', () => {
    const { p } = nodeFor('v0');
    const f = frameBy(ring, 'v1');
    const votes = new Map(['v0', 'v1', 'v2'].map((id) => [id, ballotFor(ring, id, f)]));
    expect(() => p.voting.finalizeVotes(new Map(), votes, signal)).toThrow(/has a quorum but no valid copy/);
  });

  it('broadcasts proposals and confirmations', () => {
    const { p, sent } = nodeFor();
    const f = frameBy(ring, 'v1');
    p.voting.sendProposal(f, signal);
    p.voting.sendConfirmation(f, signal);
    expect(sent.map((s) => s.kind)).toEqual(['proposal', 'confirmation']);
  });
});

describe('the vote decision with patience', () => {
  type Snapshot = MachineSnapshot<Frame, Ballot, string, Collected>;

  function patientNode(patience: number) {
    const scheduler = virtualScheduler();
    const n = nodeFor('v0', { patience, scheduler });
    n.p.sync.synchronize(genesis, signal);
    return { ...n, scheduler };
  }

  function decide(p: ReturnType<typeof nodeFor>['p'], proposals: Frame[]) {
    const answer = p.voting.decideAndSendVote(new Map(proposals.map((f) => [f.proposer, f])), signal);
    const votes: { proposer: string; vote: Ballot }[] = [];
    if (isObservable(answer))
      (answer as Observable<{ proposer: string; vote: Ballot }>).subscribe((v) => votes.push(v));
    else votes.push(answer as { proposer: string; vote: Ballot });
    return votes;
  }

  // Rank 1: the leader order is v1, v2, v3, v0.
  const byV1 = frameBy(ring, 'v1');
  const byV2 = frameBy(ring, 'v2');
  const byV3 = frameBy(ring, 'v3');

  it("votes at once for the leader's proposal", () => {
    const { p } = patientNode(100);
    expect(decide(p, [byV3, byV1]).map((v) => v.proposer)).toEqual(['v1']);
  });

  it("without the leader's proposal, takes the next proposer's after one patience step", () => {
    const { p, scheduler } = patientNode(100);
    const votes = decide(p, [byV3, byV2]);
    scheduler.flush();
    expect(votes.map((v) => v.proposer)).toEqual(['v2']);
    expect(scheduler.now()).toBe(100);
  });

  it('reaches further down the order one step at a time', () => {
    const { p, scheduler } = patientNode(100);
    const votes = decide(p, [byV3]);
    scheduler.flush();
    expect(votes.map((v) => v.proposer)).toEqual(['v3']);
    expect(scheduler.now()).toBe(200);
  });

  it("votes for the leader's proposal when it shows up in the followed machine while waiting", () => {
    const { p, node, scheduler } = patientNode(100);
    const stored: Frame[] = [byV3, byV2];
    const state$ = new Subject<Snapshot>();
    node.follow({
      state$,
      getSnapshot: () =>
        ({ rounds: { at: () => ({ proposals: { values: () => stored.values() } }) } }) as unknown as Snapshot,
    });
    const votes = decide(p, [byV3, byV2]);
    scheduler.schedule(() => {
      stored.push(byV1);
      state$.next({} as Snapshot);
    }, 40);
    scheduler.flush();
    expect(votes.map((v) => v.proposer)).toEqual(['v1']);
  });
});

describe('mutation pool', () => {
  it('keeps arrival order, ignores duplicates, and drops what a frame included', () => {
    const pool = createMutationPool();
    expect(pool.add('a')).toBe(true);
    expect(pool.add('b')).toBe(true);
    expect(pool.add('a')).toBe(false);
    pool.add('c');
    expect(pool.pending(2)).toEqual(['a', 'b']);
    pool.remove(['a', 'c']);
    expect(pool.pending()).toEqual(['b']);
    expect(pool.size).toBe(1);
  });
});
