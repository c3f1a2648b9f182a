/**
 * Re-sending is driven by a rank that does not move: a pass that finds a new rank sends nothing
 * (the rank moving is the evidence that nothing is missing), one that finds the same rank for a
 * whole interval re-sends, and so does every pass after while the rank stays.
 */
import { MachineState } from '../../src/machine/states';
import { createResend, type ResendOptions } from '../../src/reference/validator/resend';

function harness(certifiedRank = 1) {
  let rank = 5;
  const sent: number[] = [];
  const timeouts: number[] = [];
  let catchUps = 0;
  const vote = { rank: 0, voter: 'v1', proposal: 'f', proposer: 'v2', signature: '' };
  const options = {
    self: 'v1',
    machine: {
      getState: () => MachineState.Voting,
      getSnapshot: () => ({ activeRank: rank - 1 }),
    },
    store: { signedAt: (r: number) => ({ vote: { ...vote, rank: r } }) },
    tree: {
      lastFinalized: { frame: { rank: 0 } },
      highestCertified: { frame: { rank: certifiedRank } },
      frame: () => ({}),
    },
    pacemaker: { highQc: { frame: 'f' } },
    outbound: {
      lastSealed: () => ({ rank, envelope: { kind: 'vote', rank }, bytes: new Uint8Array() }),
      transmit: (envelope: { rank: number }) => sent.push(envelope.rank),
    },
    send: { vote: () => sent.push(-1), proposal: () => sent.push(-1) },
    rounds: { timeOut: (r: number) => timeouts.push(r) },
    catchUp: { request: () => (catchUps += 1) },
    leaderOf: () => 'v2',
  } as unknown as ResendOptions;
  const pass = createResend(options);
  return {
    pass,
    sent,
    timeouts,
    catchUps: () => catchUps,
    moveTo: (r: number) => (rank = r),
  };
}

describe('re-sending', () => {
  it('sends nothing while the rank moves at every pass', () => {
    const h = harness();
    for (let r = 5; r < 15; r++) {
      h.moveTo(r);
      h.pass();
    }
    expect(h.sent).toEqual([]);
  });

  it('re-sends the vote of a rank that stays, byte for byte, at every pass after the first', () => {
    const h = harness();
    for (let i = 0; i < 4; i++) h.pass(); // passes 0..3 at rank 5
    expect(h.sent).toEqual([5, 5, 5]);
    h.moveTo(6);
    h.pass();
    expect(h.sent).toHaveLength(3);
    h.pass();
    expect(h.sent).toEqual([5, 5, 5, 6]);
  });

  it('asks for missing frames at every pass, re-send or not', () => {
    const h = harness(3); // certified 3, final 0: frames 1 and 2 are missing
    h.pass();
    h.moveTo(6);
    h.pass();
    expect(h.sent).toEqual([]);
    expect(h.catchUps()).toBe(2);
    const complete = harness(1); // certified 1, final 0: nothing missing
    complete.pass();
    complete.pass();
    expect(complete.catchUps()).toBe(0);
  });
});
