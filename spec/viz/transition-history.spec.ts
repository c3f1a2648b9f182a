// The bounded transition history: keeps the last N in order, numbers them, renders them.
import { Subject } from 'rxjs';
import type { TransitionRecord } from '../../src/engine/outcome';
import { MachineEvent as E, MachineState as S } from '../../src/machine/states';
import { createTransitionHistory, recordTransitions, RingBuffer } from '../../src/viz';

/** A round's worth of transitions, one per 100 ms. */
const ROUND: Omit<TransitionRecord, 'at'>[] = [
  { from: S.Stopped, to: S.Starting, event: E.Start },
  { from: S.Starting, to: S.Loading, event: E.InitComplete },
  { from: S.Loading, to: S.Collecting, event: E.SyncComplete },
  { from: S.Collecting, to: S.LivenessCheck, event: E.CollectionDone },
  { from: S.LivenessCheck, to: S.Proving, event: E.ProverSignal },
  { from: S.Proving, to: S.Publishing, event: E.ProofComplete },
  { from: S.Publishing, to: S.Voting, event: E.PublishComplete },
  { from: S.Voting, to: S.Finalizing, event: E.QuorumReached },
];
const records: TransitionRecord[] = ROUND.map((t, i) => ({ ...t, at: i * 100 }));

describe('RingBuffer', () => {
  it('keeps the newest items in order across many wrap-arounds', () => {
    const buffer = new RingBuffer<number>(4);
    for (let i = 1; i <= 3; i++) buffer.push(i);
    expect(buffer.toArray()).toEqual([1, 2, 3]);
    for (let i = 4; i <= 1_003; i++) buffer.push(i);
    expect(buffer.toArray()).toEqual([1_000, 1_001, 1_002, 1_003]);
    expect(buffer.size).toBe(4);
  });

  it.each([0, -1, 1.5, NaN])('refuses capacity %p', (capacity) => {
    expect(() => new RingBuffer(capacity)).toThrow(RangeError);
  });
});

describe('createTransitionHistory', () => {
  it('keeps only the last N, oldest first, numbered by arrival', () => {
    const history = createTransitionHistory(3);
    records.forEach((r) => history.record(r));
    expect(history.recorded).toBe(8);
    expect(history.entries()).toEqual(records.slice(-3).map((r, i) => ({ ...r, seq: 6 + i })));
  });

  it('keeps everything while under the limit', () => {
    const history = createTransitionHistory(100);
    records.slice(0, 2).forEach((r) => history.record(r));
    expect(history.entries().map((e) => e.event)).toEqual([E.Start, E.InitComplete]);
  });

  it('stays bounded over a long run', () => {
    const history = createTransitionHistory(5);
    for (let i = 0; i < 100_000; i++)
      history.record({ from: S.Voting, to: S.Voting, event: E.VotingTimeout, at: i });
    expect(history.entries().map((e) => e.at)).toEqual([99_995, 99_996, 99_997, 99_998, 99_999]);
    expect(history.entries().map((e) => e.seq)).toEqual([99_996, 99_997, 99_998, 99_999, 100_000]);
  });

  it('prints a numbered flow, numbers aligned', () => {
    const history = createTransitionHistory(3);
    records.forEach((r) => history.record(r));
    expect(history.toText().split('\n')).toEqual([
      '6  proving --proof_complete--> publishing @ 500ms',
      '7  publishing --publish_complete--> voting @ 600ms',
      '8  voting --quorum_reached--> finalizing @ 700ms',
    ]);
    const long = createTransitionHistory(20);
    records.concat(records).forEach((r) => long.record(r));
    const lines = long.toText().split('\n');
    expect(lines[0]).toBe(' 1  stopped --start--> starting @ 0ms');
    expect(lines[15]).toBe('16  voting --quorum_reached--> finalizing @ 700ms');
  });

  it('draws the transitions taken as a Mermaid sequence, in order', () => {
    const history = createTransitionHistory(3);
    records.forEach((r) => history.record(r));
    const [header, ...lines] = history.toMermaidFlow().split('\n');
    expect(header).toBe('sequenceDiagram');
    expect(
      lines.filter((l) => l.trim().startsWith('participant')).map((l) => l.trim().split(' ')[1]),
    ).toEqual([S.Proving, S.Publishing, S.Voting, S.Finalizing]);
    const arrows = lines
      .map((l) => /^\s*(\w+)->>(\w+): (\d+) (\w+) @ (\d+)ms$/.exec(l))
      .filter((m) => m !== null)
      .map((m) => ({ from: m[1], to: m[2], seq: Number(m[3]), event: m[4], at: Number(m[5]) }));
    expect(arrows).toEqual(
      history.entries().map(({ from, to, seq, event, at }) => ({ from, to, seq, event, at })),
    );
  });

  it('renders an empty history', () => {
    const history = createTransitionHistory(2);
    expect(history.toText()).toBe('');
    expect(history.toMermaidFlow()).toBe('sequenceDiagram');
  });

  it('refuses a limit below one', () => {
    expect(() => createTransitionHistory(0)).toThrow(RangeError);
  });
});

describe('recordTransitions', () => {
  it('records a transition stream until unsubscribed', () => {
    const transition$ = new Subject<TransitionRecord>();
    const { history, subscription } = recordTransitions(transition$, 2);
    records.slice(0, 3).forEach((r) => transition$.next(r));
    expect(history.entries().map((e) => e.event)).toEqual([E.InitComplete, E.SyncComplete]);
    subscription.unsubscribe();
    transition$.next(records[3]!);
    expect(history.recorded).toBe(3);
  });

  it('keeps the history and reports when the stream errors', () => {
    const transition$ = new Subject<TransitionRecord>();
    const errors: unknown[] = [];
    const { history } = recordTransitions(transition$, 5, (err) => errors.push(err));
    transition$.next(records[0]!);
    transition$.error(new Error('closed'));
    expect(errors).toEqual([new Error('closed')]);
    expect(history.entries()).toHaveLength(1);
  });
});
