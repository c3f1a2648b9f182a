/**
 * A benchmark cluster: n machines on the in-memory transport with instant providers (plain
 * values, no crypto), running a minimal but correct protocol: every node proposes, every node
 * votes for the rank leader's proposal once all proposals are in, a quorum is 2f+1 votes for one
 * proposal. What it measures is the engine and the transport, not a provider.
 */
import {
  asyncScheduler,
  map,
  VirtualAction,
  VirtualTimeScheduler,
  type SchedulerLike,
  type Subscription,
} from 'rxjs';
import { createStateMachine, type Domain, type Providers, type StateMachine } from '../../src';
import {
  attachTransport,
  createNetwork,
  createOutbound,
  type ConsensusMessage,
} from '../../src/entries/transport';

export interface Block {
  readonly rank: number;
  readonly id: string;
  readonly proposer: string;
}
export interface Vote {
  readonly rank: number;
  readonly voter: string;
  readonly block: string;
}
export interface Batch {
  readonly rank: number;
  readonly id: string;
}
type Message = ConsensusMessage<Block, Vote, string, Batch>;
type Machine = StateMachine<Block, Vote, string, Batch>;

const domain: Domain<Block, Vote, string, Batch> = {
  state: { identity: (b) => b.id, rank: (b) => b.rank },
  vote: { identity: (v) => `${v.voter}>${v.block}`, rank: (v) => v.rank },
  peer: { identity: (p) => p },
  collected: { identity: (c) => c.id, rank: (c) => c.rank },
};

export interface ClusterOptions {
  readonly nodes: number;
  /** Fixed one-way delay per message in ms (0: synchronous delivery). */
  readonly latency: number;
  /** 'virtual' (default) or 'real' (asyncScheduler). */
  readonly time: 'virtual' | 'real';
}

export interface InstantCluster {
  readonly machines: readonly Machine[];
  readonly scheduler: SchedulerLike;
  /** Scheduler times at which node 0 finalized each rank. */
  readonly finalizedAt: number[];
  delivered(): number;
  close(): void;
}

export function createInstantCluster(options: ClusterOptions): InstantCluster {
  const ids = Array.from({ length: options.nodes }, (_, i) => `n${i}`);
  const f = Math.floor((options.nodes - 1) / 3);
  const quorum = options.nodes - f;
  const scheduler: SchedulerLike =
    options.time === 'real'
      ? asyncScheduler
      : new VirtualTimeScheduler(VirtualAction, Number.POSITIVE_INFINITY);
  const network = createNetwork<Message>({ scheduler, clone: 'none', link: { latency: options.latency } });
  const subscriptions: Subscription[] = [];
  const finalizedAt: number[] = [];
  const genesis: Block = { rank: 0, id: 'genesis', proposer: '' };

  const machines = ids.map((self, index) => {
    const endpoint = network.join(self);
    const send = createOutbound<Block, Vote, string, Batch>((m) => endpoint.broadcast(m));
    // Providers read the machine they belong to, which exists only once they are built.
    // eslint-disable-next-line prefer-const
    let machine: Machine;
    const nextRank = () => machine.getSnapshot().activeRank + 1;
    const leaderOf = (rank: number) => ids[rank % ids.length]!;
    const providers: Providers<Block, Vote, string, Batch> = {
      sync: { synchronize: (existing) => existing ?? genesis },
      leader: {
        getNextLeaders: () => ids,
        proveNextState: (prior, collected) => ({
          rank: (prior?.rank ?? -1) + 1,
          id: `${(prior?.rank ?? -1) + 1}:${self}:${collected.id}`,
          proposer: self,
        }),
      },
      liveness: {
        collect: () => ({ rank: nextRank(), id: `b${nextRank()}` }),
        sendLiveness: (_prior, collected) => void send.liveness(self, collected),
      },
      voting: {
        sendProposal: (proposal) => void send.proposal(self, proposal),
        decideAndSendVote: (proposals) => {
          const proposer = leaderOf(nextRank());
          const block = proposals.get(proposer)!;
          const vote = { rank: block.rank, voter: self, block: block.id };
          send.vote(proposer, self, vote);
          return { proposer, vote };
        },
        sendVote: (vote) => {
          send.vote(leaderOf(vote.rank), self, vote);
          return leaderOf(vote.rank);
        },
        isQuorum: (votes) => {
          const tally = new Map<string, number>();
          for (const v of votes.values()) {
            const n = (tally.get(v.block) ?? 0) + 1;
            if (n >= quorum) return true;
            tally.set(v.block, n);
          }
          return false;
        },
        finalizeVotes: (proposals) => {
          const proposer = leaderOf(nextRank());
          return { state: proposals.get(proposer)!, proposer };
        },
        sendConfirmation: (finalized) => void send.confirmation(self, finalized),
      },
    };
    machine = createStateMachine({
      id: self,
      initialState: genesis,
      emitReceiveEventsOnSends: true,
      // Every node waits for every proposal, so all vote for the same (the leader's) one.
      minimumProvers: options.nodes,
      domain,
      providers,
      scheduler,
      timeouts: { starting: 0 },
      tracer: { trace: () => undefined, error: (message, err) => console.error(self, message, err) },
    });
    subscriptions.push(attachTransport(machine, endpoint.inbound$.pipe(map((d) => d.message))));
    if (index === 0) {
      machine.addListener({
        onTransition: (_from, _to, event) => {
          if (event === 'verification_done') finalizedAt.push(scheduler.now());
        },
      });
    }
    return machine;
  });

  return {
    machines,
    scheduler,
    finalizedAt,
    delivered: () => network.stats().total.delivered,
    close() {
      for (const m of machines) m.close();
      for (const s of subscriptions) s.unsubscribe();
      network.close();
    },
  };
}

export const isVirtual = (s: SchedulerLike): s is VirtualTimeScheduler => s instanceof VirtualTimeScheduler;
