/**
 * The smallest useful consensus node: one validator, its own leader and quorum, with plain-data
 * providers. It runs a few rounds in real time and prints every transition. Run it with
 * `npm run example`.
 *
 * What to take from it: the machine owns the round (sync → collect → liveness → prove → publish
 * → vote → finalize → verify); you supply four providers, each returning a value, a Promise or
 * an Observable; the machine tells you what happened through `transition$` and `state$`.
 */
import { asyncScheduler, first, map, timer, type SchedulerLike } from 'rxjs';
import { createStateMachine, type Domain, type Providers, type StateMachine } from 'rx-consensus';

// ---- 1. The data: plain objects, nothing the machine needs beyond identity and rank. ----

/** A consensus state: a block on top of its parent. */
export interface Block {
  readonly rank: number;
  readonly id: string;
  readonly parent: string;
  readonly items: readonly string[];
}
/** A vote for one block. */
export interface Vote {
  readonly rank: number;
  readonly voter: string;
  readonly block: string;
}
/** What a node gathered for the next block. */
export interface Batch {
  readonly rank: number;
  readonly id: string;
  readonly items: readonly string[];
}
export type Peer = string;

/** How the machine reads identity and rank of each type. */
const domain: Domain<Block, Vote, Peer, Batch> = {
  state: { identity: (b) => b.id, rank: (b) => b.rank },
  vote: { identity: (v) => `${v.voter}:${v.block}`, rank: (v) => v.rank },
  peer: { identity: (p) => p },
  collected: { identity: (c) => c.id, rank: (c) => c.rank },
};

const GENESIS: Block = { rank: 0, id: 'block-0', parent: '', items: [] };
const SELF: Peer = 'solo';

// ---- 2. The providers: the protocol decisions and the I/O. ----

/**
 * A lone validator's providers. With one validator every "broadcast" has nobody to reach, so the
 * send methods only log; `emitReceiveEventsOnSends` (below) makes the machine count this node's
 * own liveness, proposal and vote as received. `collect` is not told the prior block, so the
 * providers remember the head of the chain from the calls that are (sync and finalize).
 */
function soloProviders(
  scheduler: SchedulerLike,
  say: (line: string) => void,
): Providers<Block, Vote, Peer, Batch> {
  let head = GENESIS;
  return {
    sync: {
      // Start from what the machine already has, or from genesis.
      synchronize: (existing) => (head = existing ?? GENESIS),
    },
    liveness: {
      // The batch for the next block (its rank is the rank it is for).
      collect: () => {
        const rank = head.rank + 1;
        return { rank, id: `batch-${rank}`, items: [`item-${rank}`] };
      },
      sendLiveness: () => undefined,
    },
    leader: {
      getNextLeaders: () => [SELF],
      // Proving takes time: an Observable that answers 200 ms later (cancelled if the state is left).
      proveNextState: (prior, batch) =>
        timer(200, scheduler).pipe(
          map((): Block => {
            const base = prior ?? GENESIS;
            return { rank: base.rank + 1, id: `block-${base.rank + 1}`, parent: base.id, items: batch.items };
          }),
        ),
    },
    voting: {
      sendProposal: (block) => say(`  proposes ${block.id} with ${block.items.join(', ')}`),
      // Every proposal is keyed by its proposer; a lone node votes for its own.
      decideAndSendVote: (proposals) => {
        const [proposer, block] = [...proposals.entries()][0]!;
        return { proposer, vote: { rank: block.rank, voter: SELF, block: block.id } };
      },
      sendVote: () => SELF,
      // One validator: its own vote is a quorum.
      isQuorum: (votes) => votes.size >= 1,
      finalizeVotes: (proposals) => {
        const [proposer, block] = [...proposals.entries()][0]!;
        head = block;
        return { state: block, proposer };
      },
      sendConfirmation: (block) => say(`  finalized ${block.id}`),
    },
  };
}

// ---- 3. The machine. ----

export type SoloMachine = StateMachine<Block, Vote, Peer, Batch>;

/** A lone validator's machine on `scheduler` (real time by default; pass a virtual one to test it). */
export function createSoloMachine(
  scheduler: SchedulerLike = asyncScheduler,
  say: (line: string) => void = console.log,
): SoloMachine {
  return createStateMachine({
    id: SELF,
    initialState: null,
    emitReceiveEventsOnSends: true,
    minimumProvers: 1,
    domain,
    providers: soloProviders(scheduler, say),
    // `starting` waits 1 s by default; a lone node has nobody to wait for.
    timeouts: { starting: 100 },
    // Every timer of the machine runs on it: real time here, virtual time in tests.
    scheduler,
  });
}

// ---- 4. Running it: print transitions, stop after a few rounds. ----

/**
 * Starts the machine, prints each transition, and once `rounds` blocks are final asks it to stop;
 * resolves with the last final block when it has stopped, and closes it.
 */
export function runSolo(
  machine: SoloMachine,
  rounds: number,
  say: (line: string) => void = console.log,
): Promise<Block> {
  const startedAt = machine.getStateEnteredAt();
  machine.transition$.subscribe(({ at, from, to, event }) =>
    say(`${`+${Math.round(at - startedAt)} ms`.padStart(9)}  ${from} --${event}--> ${to}`),
  );
  // The first snapshot with `rounds` final blocks: time to stop.
  machine.state$.pipe(first((snapshot) => snapshot.activeRank >= rounds)).subscribe(() => machine.stop());
  const stopped = new Promise<Block>((resolve) => {
    machine.transition$.pipe(first((t) => t.to === 'stopped')).subscribe(() => {
      const block = machine.getSnapshot().activeState!;
      machine.close();
      resolve(block);
    });
  });
  machine.start();
  return stopped;
}

if (require.main === module) {
  const machine = createSoloMachine();
  void runSolo(machine, 3).then((block) => {
    console.log(`done: ${block.id} is final after ${machine.getTransitionCount()} transitions`);
  });
}
