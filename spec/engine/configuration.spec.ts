/** Every option mistake is a ConfigurationError that names the option and what it expects. */
import { ConfigurationError, createStateMachine, type StateMachineOptions } from '../../src';
import {
  domain,
  GENESIS,
  virtualScheduler,
  type Ballot,
  type Frame,
  type Mutations,
} from '../support/fixture';

type Options = StateMachineOptions<Frame, Ballot, string, Mutations>;
type Loose = Record<string, unknown>;

function validOptions(): Options {
  return {
    id: 'n1',
    initialState: GENESIS,
    emitReceiveEventsOnSends: true,
    minimumProvers: 1,
    domain,
    scheduler: virtualScheduler(),
    providers: {
      sync: { synchronize: (existing) => existing ?? GENESIS },
      voting: {
        sendProposal: () => undefined,
        decideAndSendVote: () => ({ proposer: 'n1', vote: { rank: 1, voter: 'n1', proposal: 'f1' } }),
        sendVote: () => 'n1',
        isQuorum: () => true,
        finalizeVotes: () => ({ state: GENESIS, proposer: 'n1' }),
        sendConfirmation: () => undefined,
      },
      leader: { getNextLeaders: () => ['n1'], proveNextState: () => GENESIS },
      liveness: { collect: () => ({ rank: 1, id: 'm1' }), sendLiveness: () => undefined },
    },
  };
}

/** The options with the value at `path` replaced (undefined: removed). */
function withOption(path: string, value: unknown): Options {
  const original = validOptions() as unknown as Loose;
  // A copy of the plain objects (functions and the scheduler shared), so the edit stays local.
  const copy = (from: unknown): unknown =>
    typeof from === 'object' && from !== null && !Array.isArray(from)
      ? Object.fromEntries(Object.entries(from).map(([k, v]) => [k, k === 'scheduler' ? v : copy(v)]))
      : from;
  const root = copy(original) as Loose;
  const keys = path.split('.');
  let at = root;
  for (const key of keys.slice(0, -1)) at = at[key] as Loose;
  const last = keys[keys.length - 1]!;
  if (value === undefined) delete at[last];
  else at[last] = value;
  return root as unknown as Options;
}

function errorOf(options: unknown): ConfigurationError {
  try {
    createStateMachine(options as Options).close();
  } catch (err) {
    if (err instanceof ConfigurationError) return err;
    throw err;
  }
  throw new Error('createStateMachine accepted the options');
}

describe('ConfigurationError', () => {
  it('accepts the valid options', () => {
    expect(() => createStateMachine(validOptions()).close()).not.toThrow();
  });

  it('names the first missing option of an empty object, and what it expects', () => {
    const err = errorOf({});
    expect(err.message).toBe('id: expected this node’s peer id, got nothing');
    expect([err.option, err.expected, err.got]).toEqual(['id', 'this node’s peer id', 'nothing']);
    expect(errorOf(undefined).message).toBe('options: expected an object of options, got nothing');
  });

  it.each([
    ['initialState', undefined, 'initialState: expected the state to start from, or null, got nothing'],
    ['emitReceiveEventsOnSends', undefined, 'emitReceiveEventsOnSends: expected true or false, got nothing'],
    ['emitReceiveEventsOnSends', 'yes', 'emitReceiveEventsOnSends: expected true or false, got string "yes"'],
    [
      'minimumProvers',
      0,
      'minimumProvers: expected a positive integer or a function returning one, got number 0',
    ],
    [
      'minimumProvers',
      undefined,
      'minimumProvers: expected a positive integer or a function returning one, got nothing',
    ],
    [
      'domain',
      undefined,
      'domain: expected an object with state, vote, peer and collected accessors, got nothing',
    ],
    [
      'domain.vote',
      undefined,
      'domain.vote: expected an object with identity and rank functions, got nothing',
    ],
    ['domain.peer.identity', undefined, 'domain.peer.identity: expected a function, got nothing'],
    ['domain.collected.rank', 3, 'domain.collected.rank: expected a function, got number 3'],
    ['domain.state.codec', {}, 'domain.state.codec: expected an io-ts codec (or no codec), got object'],
    [
      'providers',
      undefined,
      'providers: expected an object with sync, voting, leader and liveness providers, got nothing',
    ],
    ['providers.sync', undefined, 'providers.sync: expected an object with synchronize, got nothing'],
    ['providers.voting.isQuorum', undefined, 'providers.voting.isQuorum: expected a function, got nothing'],
    [
      'providers.leader.getNextLeaders',
      undefined,
      'providers.leader.getNextLeaders: expected a function, got nothing',
    ],
    ['providers.liveness.collect', undefined, 'providers.liveness.collect: expected a function, got nothing'],
    ['tracer', { trace: () => undefined }, 'tracer.error: expected a function, got nothing'],
    ['timeouts', { votin: 10 }, 'timeouts.votin: expected a key that is a machine state, got string "votin"'],
    [
      'timeouts',
      { voting: -1 },
      'timeouts.voting: expected a non-negative number of milliseconds, got number -1',
    ],
    ['scheduler', {}, 'scheduler.now: expected a function, got nothing'],
    ['rankWindow', 0.5, 'rankWindow: expected a positive integer, got number 0.5'],
    [
      'syncRetryDelay',
      'soon',
      'syncRetryDelay: expected a non-negative number of milliseconds, got string "soon"',
    ],
    [
      'failureBackoff',
      { max: -5 },
      'failureBackoff.max: expected a non-negative number of milliseconds, got number -5',
    ],
    ['voteStore', { votedAt: () => undefined }, 'voteStore.record: expected a function, got nothing'],
  ])('%s = %p: %s', (path, value, message) => {
    expect(errorOf(withOption(path, value)).message).toBe(message);
  });

  it('reports an id or initial state the domain cannot read', () => {
    const peer = { identity: () => undefined as unknown as string };
    expect(errorOf({ ...validOptions(), domain: { ...domain, peer } }).message).toBe(
      'id: expected a peer domain.peer.identity can read, got one it reads as nothing',
    );
    const state = {
      ...domain.state,
      rank: () => {
        throw new Error('no rank');
      },
    };
    expect(errorOf({ ...validOptions(), domain: { ...domain, state } }).message).toMatch(
      /^initialState: expected a state domain.state.rank can read, got one it throws on: .*no rank/,
    );
  });
});
