/**
 * Test fixture: a plain-data domain and a lone-leader provider set whose calls are recorded and
 * whose answers can be delayed (virtual time), replaced or made to fail per method.
 */
import { Observable, throwError, timer, map, type SchedulerLike } from 'rxjs';
import {
  createStateMachine,
  type Domain,
  type Providers,
  type StateMachine,
  type StateMachineOptions,
  type Tracer,
} from '../../src';

export interface Frame {
  readonly rank: number;
  readonly id: string;
}
export interface Ballot {
  readonly rank: number;
  readonly voter: string;
  readonly proposal: string;
}
export interface Mutations {
  readonly rank: number;
  readonly id: string;
}
export type Peer = string;

export const domain: Domain<Frame, Ballot, Peer, Mutations> = {
  state: { identity: (s) => s.id, rank: (s) => s.rank },
  vote: { identity: (v) => `${v.voter}:${v.proposal}`, rank: (v) => v.rank },
  peer: { identity: (p) => p },
  collected: { identity: (c) => c.id, rank: (c) => c.rank },
};

export const GENESIS: Frame = { rank: 0, id: 'genesis' };
export const frame = (rank: number, id = `f${rank}`): Frame => ({ rank, id });
export const ballot = (rank: number, voter: string, proposal = `f${rank}`): Ballot => ({
  rank,
  voter,
  proposal,
});

type Method =
  | 'synchronize'
  | 'sendProposal'
  | 'decideAndSendVote'
  | 'sendVote'
  | 'isQuorum'
  | 'finalizeVotes'
  | 'sendConfirmation'
  | 'getNextLeaders'
  | 'proveNextState'
  | 'collect'
  | 'sendLiveness';

export type Failure = 'throw' | 'reject' | 'error';

export interface FixtureOptions extends Partial<
  Omit<StateMachineOptions<Frame, Ballot, Peer, Mutations>, 'providers'>
> {
  /** Virtual delay in ms per provider method (answers become Observables). */
  delays?: Partial<Record<Method, number>>;
  /** Make a method fail in the given way. */
  fail?: Partial<Record<Method, Failure>>;
  leaders?: readonly Peer[];
  /** Replace a method's answer entirely (its call is still recorded). */
  overrides?: Partial<Record<Method, (...args: never[]) => unknown>>;
  quorum?: number;
  /** Time source of the providers' delays (and of the machine, unless `unscheduled`). */
  scheduler: SchedulerLike;
  /** Build the machine with no `scheduler` option (as a user would inside `TestScheduler.run`). */
  unscheduled?: boolean;
  /** Optional voting methods (`decideVote`, `sendTimeout`) added to the voting provider. */
  votingExtras?: Partial<
    Pick<Providers<Frame, Ballot, Peer, Mutations>['voting'], 'decideVote' | 'sendTimeout'>
  >;
}

export interface Call {
  readonly method: Method;
  readonly at: number;
  readonly args: readonly unknown[];
  readonly signal?: AbortSignal;
}

export interface Fixture {
  readonly sm: StateMachine<Frame, Ballot, Peer, Mutations>;
  readonly calls: Call[];
  readonly errors: { message: string; err: unknown }[];
  readonly traces: string[];
  callsTo(method: Method): Call[];
}

/** The options that are the machine's own. */
function withoutExtras(opts: FixtureOptions): Omit<
  FixtureOptions,
  'votingExtras' | 'unscheduled' | 'scheduler'
> & {
  scheduler?: FixtureOptions['scheduler'];
} {
  const { votingExtras: _extras, unscheduled, scheduler, ...rest } = opts;
  return unscheduled === true ? rest : { ...rest, scheduler };
}

export function createFixture(opts: FixtureOptions): Fixture {
  const { scheduler } = opts;
  const calls: Call[] = [];
  const errors: { message: string; err: unknown }[] = [];
  const traces: string[] = [];
  const self = opts.id ?? 'n1';
  const leaders = opts.leaders ?? [self];
  const quorum = opts.quorum ?? 1;
  // eslint-disable-next-line prefer-const
  let sm: StateMachine<Frame, Ballot, Peer, Mutations>;

  function answer<T>(
    method: Method,
    args: unknown[],
    signal: AbortSignal | undefined,
    value: () => T,
  ): T | Observable<T> | Promise<T> {
    calls.push({ method, at: scheduler.now(), args, signal });
    const override = opts.overrides?.[method];
    if (override !== undefined) return (override as (...a: unknown[]) => T)(...args, signal);
    const failure = opts.fail?.[method];
    if (failure === 'throw') throw new Error(`${method} threw`);
    if (failure === 'reject') return Promise.reject(new Error(`${method} rejected`));
    if (failure === 'error') return throwError(() => new Error(`${method} errored`));
    const delay = opts.delays?.[method];
    if (delay === undefined) return value();
    return timer(delay, scheduler).pipe(map(() => value()));
  }

  const providers: Providers<Frame, Ballot, Peer, Mutations> = {
    sync: {
      synchronize: (existing, signal) => answer('synchronize', [existing], signal, () => existing ?? GENESIS),
    },
    voting: {
      sendProposal: (p, signal) => answer('sendProposal', [p], signal, () => undefined),
      decideAndSendVote: (proposals, signal) =>
        answer('decideAndSendVote', [proposals], signal, () => {
          const [proposer, proposal] = [...proposals.entries()].sort(([a], [b]) => a.localeCompare(b))[0]!;
          return { proposer, vote: ballot(proposal.rank, self, proposal.id) };
        }),
      sendVote: (vote, signal) => answer('sendVote', [vote], signal, () => leaders[0] ?? self),
      isQuorum: (votes, signal) => answer('isQuorum', [votes.size], signal, () => votes.size >= quorum),
      finalizeVotes: (proposals, votes, signal) =>
        answer('finalizeVotes', [proposals, votes], signal, () => {
          const chosen = [...votes.values()][0]!;
          const state = [...proposals.values()].find((p) => p.id === chosen.proposal)!;
          const proposer = [...proposals.entries()].find(([, p]) => p.id === chosen.proposal)![0];
          return { state, proposer };
        }),
      sendConfirmation: (s, signal) => answer('sendConfirmation', [s], signal, () => undefined),
      ...opts.votingExtras,
    },
    leader: {
      getNextLeaders: (prior, signal) => answer('getNextLeaders', [prior], signal, () => leaders),
      // The round's rank: after a rank ended by `advanceTo`, the prior is older than the round.
      proveNextState: (prior, collected, signal) =>
        answer('proveNextState', [prior, collected], signal, () => frame(sm.getSnapshot().activeRank + 1)),
    },
    liveness: {
      collect: (signal) =>
        answer('collect', [], signal, () => {
          const rank = sm.getSnapshot().activeRank + 1;
          return { rank, id: `m${rank}` };
        }),
      sendLiveness: (prior, c, signal) => answer('sendLiveness', [prior, c], signal, () => undefined),
    },
  };

  const tracer: Tracer = {
    trace: (message) => traces.push(message),
    error: (message, err) => errors.push({ message, err }),
  };

  sm = createStateMachine<Frame, Ballot, Peer, Mutations>({
    id: self,
    initialState: GENESIS,
    emitReceiveEventsOnSends: true,
    minimumProvers: 1,
    domain,
    tracer,
    ...withoutExtras(opts),
    providers,
  });
  return { sm, calls, errors, traces, callsTo: (m) => calls.filter((c) => c.method === m) };
}

export { virtualScheduler } from '../../src/testing/virtual-time';
/** Record every transition as `at from --event--> to`. */
export { transitionLines as recordTransitions } from '../../src/testing/virtual-time';
