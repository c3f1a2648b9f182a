/**
 * `validateOptions` alone: every optional setting is checked when given, with one
 * `ConfigurationError` naming the option path, what was expected and what was given; values at
 * the edge of what is allowed pass.
 */
import { ConfigurationError, validateOptions } from '../../src/engine/validate-options';

const fn = () => undefined;
const accessor = { identity: fn, rank: fn };

/** A complete, valid set of options (providers and domain as bare functions). */
function valid(): Record<string, unknown> {
  return {
    id: 'n1',
    initialState: null,
    emitReceiveEventsOnSends: false,
    minimumProvers: 1,
    domain: {
      state: { ...accessor },
      vote: { ...accessor },
      peer: { identity: fn },
      collected: { ...accessor },
    },
    providers: {
      sync: { synchronize: fn },
      voting: {
        sendProposal: fn,
        decideAndSendVote: fn,
        sendVote: fn,
        isQuorum: fn,
        finalizeVotes: fn,
        sendConfirmation: fn,
      },
      leader: { getNextLeaders: fn, proveNextState: fn },
      liveness: { collect: fn, sendLiveness: fn },
    },
  };
}

/** `valid()` with the option at `path` (dots) set to `value`. */
function withOption(path: string, value: unknown): Record<string, unknown> {
  const options = valid();
  const keys = path.split('.');
  let owner = options;
  for (const key of keys.slice(0, -1)) owner = owner[key] as Record<string, unknown>;
  owner[keys[keys.length - 1]!] = value;
  return options;
}

function refusal(options: unknown): ConfigurationError {
  try {
    validateOptions(options);
  } catch (err) {
    if (err instanceof ConfigurationError) return err;
    throw err;
  }
  throw new Error('accepted');
}

describe('validateOptions', () => {
  it('accepts valid options, with every optional setting at the edge of what is allowed', () => {
    expect(() => validateOptions(valid())).not.toThrow();
    const edges: [string, unknown][] = [
      ['minimumProvers', fn],
      ['domain.state.codec', { decode: fn }],
      ['providers.voting.decideVote', fn],
      ['providers.voting.sendTimeout', fn],
      ['tracer', { trace: fn, error: fn }],
      ['logger', { log: fn }],
      ['timeouts', { voting: 0, loading: 1.5 }],
      ['scheduler', { now: fn, schedule: fn }],
      ['rankWindow', 1],
      ['syncRetryDelay', 0],
      ['failureBackoff', { initial: 0, max: 0 }],
      ['failureBackoff', {}],
      ['maxItemsPerRank', 1],
      ['roundBackoff', { factor: 1, max: 0 }],
      ['roundBackoff', {}],
      ['voteStore', { votedAt: fn, record: fn }],
    ];
    for (const [path, value] of edges) expect(() => validateOptions(withOption(path, value))).not.toThrow();
  });

  it('is a ConfigurationError with the option, the expectation and what was given', () => {
    const err = refusal(withOption('rankWindow', 0));
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('ConfigurationError');
    expect([err.option, err.expected, err.got]).toEqual(['rankWindow', 'a positive integer', 'number 0']);
    expect(err.message).toBe('rankWindow: expected a positive integer, got number 0');
  });

  it.each<[string, unknown, string]>([
    ['options', null, 'options: expected an object of options, got null'],
    ['domain.state.codec', null, 'domain.state.codec: expected an io-ts codec (or no codec), got null'],
    [
      'domain.vote.codec',
      { decode: 1 },
      'domain.vote.codec: expected an io-ts codec (or no codec), got object',
    ],
    [
      'providers.voting',
      5,
      'providers.voting: expected an object with sendProposal, decideAndSendVote, sendVote, isQuorum, finalizeVotes, sendConfirmation, got number 5',
    ],
    [
      'providers.liveness',
      null,
      'providers.liveness: expected an object with collect, sendLiveness, got null',
    ],
    [
      'providers.voting.decideVote',
      'yes',
      'providers.voting.decideVote: expected a function, got string "yes"',
    ],
    ['providers.voting.sendTimeout', null, 'providers.voting.sendTimeout: expected a function, got null'],
    ['tracer', 'console', 'tracer: expected an object with trace and error functions, got string "console"'],
    ['tracer', { error: fn }, 'tracer.trace: expected a function, got nothing'],
    ['logger', null, 'logger: expected an object with a log function, got null'],
    ['logger', {}, 'logger.log: expected a function, got nothing'],
    ['timeouts', 1000, 'timeouts: expected milliseconds per state, e.g. { voting: 10000 }, got number 1000'],
    [
      'timeouts',
      { voting: '10s' },
      'timeouts.voting: expected a non-negative number of milliseconds, got string "10s"',
    ],
    [
      'timeouts',
      { voting: Infinity },
      'timeouts.voting: expected a non-negative number of milliseconds, got number Infinity',
    ],
    ['scheduler', null, 'scheduler: expected an RxJS SchedulerLike, got null'],
    ['scheduler', { now: fn }, 'scheduler.schedule: expected a function, got nothing'],
    ['rankWindow', 0, 'rankWindow: expected a positive integer, got number 0'],
    ['rankWindow', '16', 'rankWindow: expected a positive integer, got string "16"'],
    ['syncRetryDelay', -1, 'syncRetryDelay: expected a non-negative number of milliseconds, got number -1'],
    ['syncRetryDelay', NaN, 'syncRetryDelay: expected a non-negative number of milliseconds, got number NaN'],
    [
      'failureBackoff',
      100,
      'failureBackoff: expected an object { initial?, max? } in milliseconds, got number 100',
    ],
    [
      'failureBackoff',
      { initial: -1 },
      'failureBackoff.initial: expected a non-negative number of milliseconds, got number -1',
    ],
    ['maxItemsPerRank', 0, 'maxItemsPerRank: expected a positive integer, got number 0'],
    ['maxItemsPerRank', 2.5, 'maxItemsPerRank: expected a positive integer, got number 2.5'],
    ['maxItemsPerRank', '5', 'maxItemsPerRank: expected a positive integer, got string "5"'],
    ['roundBackoff', 2, 'roundBackoff: expected an object { factor?, max? }, got number 2'],
    ['roundBackoff', { factor: 0.5 }, 'roundBackoff.factor: expected a number of at least 1, got number 0.5'],
    ['roundBackoff', { factor: '2' }, 'roundBackoff.factor: expected a number of at least 1, got string "2"'],
    [
      'roundBackoff',
      { factor: Infinity },
      'roundBackoff.factor: expected a number of at least 1, got number Infinity',
    ],
    [
      'roundBackoff',
      { max: -1 },
      'roundBackoff.max: expected a non-negative number of milliseconds, got number -1',
    ],
    ['voteStore', [], 'voteStore.votedAt: expected a function, got nothing'],
    [
      'voteStore',
      'memory',
      'voteStore: expected an object with votedAt and record functions, got string "memory"',
    ],
    ['voteStore', { record: fn }, 'voteStore.votedAt: expected a function, got nothing'],
  ])('refuses %s = %p', (path, value, message) => {
    expect(refusal(path === 'options' ? value : withOption(path, value)).message).toBe(message);
  });
});
