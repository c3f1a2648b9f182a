// The current state's timeout (defaults and overrides) and the rows available from it.
import { DEFAULT_TIMEOUTS } from '../../src/machine/timeouts';
import { MachineEvent as E, MachineState as S } from '../../src/machine/states';
import { eventsFrom, type Transition } from '../../src/machine/transitions';
import { currentStateInfo } from '../../src/viz';

describe('currentStateInfo', () => {
  const voting = { state: S.Voting, enteredAt: 1_000 };

  it('gives the default timeout and its deadline', () => {
    const info = currentStateInfo(voting);
    expect(info.timeout).toEqual({ ms: 10_000, event: E.VotingTimeout });
    expect(info.timeoutOverridden).toBe(false);
    expect(info.deadline).toBe(11_000);
  });

  it('honours a per-state override, keeping the timeout event', () => {
    const info = currentStateInfo(voting, { [S.Voting]: 250 });
    expect(info.timeout).toEqual({ ms: 250, event: E.VotingTimeout });
    expect(info.timeoutOverridden).toBe(true);
    expect(info.deadline).toBe(1_250);
  });

  it('ignores overrides for other states', () => {
    const info = currentStateInfo(voting, { [S.Proving]: 5 });
    expect(info.timeout).toEqual(DEFAULT_TIMEOUTS[S.Voting]);
    expect(info.timeoutOverridden).toBe(false);
  });

  it('lists the rows out of the current state, internal ones included', () => {
    const info = currentStateInfo(voting);
    expect(info.transitions.every((t) => t.from === S.Voting)).toBe(true);
    expect(info.transitions.map((t) => t.event)).toEqual(eventsFrom(S.Voting));
    expect(info.transitions.map((t) => t.event)).toEqual(
      expect.arrayContaining([
        E.VoteReceived,
        E.ProposalReceived,
        E.QuorumReached,
        E.VotingTimeout,
        E.Stop,
        E.InduceSync,
      ]),
    );
    expect(info.transitions.find((t) => t.event === E.VoteReceived)?.internal).toBe(true);
  });

  it('has no timer while stopped, and one way out', () => {
    const info = currentStateInfo({ state: S.Stopped, enteredAt: 0 }, { [S.Stopped]: 10 });
    expect(info.timeout).toBeNull();
    expect(info.deadline).toBeNull();
    expect(info.timeoutOverridden).toBe(false);
    expect(info.transitions).toEqual([{ from: S.Stopped, event: E.Start, to: S.Starting }]);
  });

  it('reads the table it is given', () => {
    const table: Transition[] = [{ from: S.Voting, event: E.QuorumReached, to: S.Finalizing }];
    expect(currentStateInfo(voting, undefined, table).transitions).toEqual(table);
  });
});
