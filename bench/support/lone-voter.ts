/**
 * One machine held in `voting` (quorum never reached, instant providers) for the inbound
 * benchmark: every vote it is sent is for the rank being voted on, from a distinct voter.
 */
import { VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { createStateMachine, type Domain, type Providers, type StateMachine } from '../../src';
import type { Batch, Block, Vote } from './instant-cluster';

const domain: Domain<Block, Vote, string, Batch> = {
  state: { identity: (b) => b.id, rank: (b) => b.rank },
  vote: { identity: (v) => `${v.voter}>${v.block}`, rank: (v) => v.rank },
  peer: { identity: (p) => p },
  collected: { identity: (c) => c.id, rank: (c) => c.rank },
};

export function loneVoter(): { machine: StateMachine<Block, Vote, string, Batch>; rank: number } {
  const scheduler = new VirtualTimeScheduler(VirtualAction, 100);
  const genesis: Block = { rank: 0, id: 'genesis', proposer: '' };
  const providers: Providers<Block, Vote, string, Batch> = {
    sync: { synchronize: (existing) => existing ?? genesis },
    leader: {
      getNextLeaders: () => ['self'],
      proveNextState: (prior) => ({ rank: (prior?.rank ?? 0) + 1, id: 'proposal', proposer: 'self' }),
    },
    liveness: { collect: () => ({ rank: 1, id: 'batch' }), sendLiveness: () => undefined },
    voting: {
      sendProposal: () => undefined,
      decideAndSendVote: () => ({ proposer: 'self', vote: { rank: 1, voter: 'self', block: 'proposal' } }),
      sendVote: () => 'self',
      isQuorum: () => false,
      finalizeVotes: () => {
        throw new Error('never finalized');
      },
      sendConfirmation: () => undefined,
    },
  };
  const machine = createStateMachine({
    id: 'self',
    initialState: genesis,
    emitReceiveEventsOnSends: true,
    minimumProvers: 1,
    domain,
    providers,
    scheduler,
    timeouts: { starting: 0 },
  });
  machine.start();
  scheduler.flush();
  if (machine.getState() !== 'voting') throw new Error(`expected voting, got ${machine.getState()}`);
  return { machine, rank: machine.getSnapshot().activeRank + 1 };
}
