/** The nemesis's hands: overlapping faults on one link do not mend each other's damage. */
import { faultHands, type FaultTargets } from '../../../src/cli/nemesis/faults';
import type { LinkProxy, LinkShape } from '../../../src/cli/nemesis/proxy';
import type { FaultPlan } from '../../../src/cli/nemesis/schedule';

function fakes() {
  const cut = new Map<string, boolean>();
  const shapes = new Map<string, LinkShape | undefined>();
  const calls: string[] = [];
  const proxy = {
    setCut: (a: string, b: string, on: boolean) => cut.set([a, b].sort().join('|'), on),
    setShape: (from: string, to: string, shape: LinkShape | undefined) => shapes.set(`${from}>${to}`, shape),
  } as unknown as LinkProxy;
  const targets: FaultTargets = {
    proxy,
    kill: (n) => calls.push(`kill ${n}`),
    restart: (n) => calls.push(`restart ${n}`),
    signal: (n, s) => calls.push(`${s} ${n}`),
    isolate: (n, on) => calls.push(`isolate ${n} ${on}`),
    fillDisk: (n) => calls.push(`fill ${n}`),
    freeDisk: (n) => calls.push(`free ${n}`),
  };
  return { hands: faultHands(targets), cut, shapes, calls };
}

describe('faultHands', () => {
  it('keeps a link cut until every partition cutting it is healed', () => {
    const { hands, cut } = fakes();
    const one: FaultPlan = { kind: 'partition', sides: [['v1'], ['v2', 'v3']] };
    const two: FaultPlan = { kind: 'partition', sides: [['v1', 'v2'], ['v3']] };
    hands.apply(one);
    hands.apply(two);
    expect(
      [...cut]
        .filter(([, on]) => on)
        .map(([k]) => k)
        .sort(),
    ).toEqual(['v1|v2', 'v1|v3', 'v2|v3']);
    hands.heal(one);
    expect(cut.get('v1|v2')).toBe(false);
    expect(cut.get('v1|v3')).toBe(true);
    hands.heal(two);
    expect([...cut.values()].some(Boolean)).toBe(false);
  });

  it('leaves a bridge node linked to both sides', () => {
    const { hands, cut } = fakes();
    hands.apply({ kind: 'partition', sides: [['v1'], ['v2']], bridge: 'v3' });
    expect(cut.get('v1|v2')).toBe(true);
    expect(cut.has('v1|v3') || cut.has('v2|v3')).toBe(false);
  });

  it('restores the shape of a link fault still standing when another on the link heals', () => {
    const { hands, shapes } = fakes();
    const onLink = (shape: { delayMs?: number; loss?: number }): FaultPlan => ({
      kind: 'link',
      links: [['v1', 'v2']],
      delayMs: shape.delayMs ?? 0,
      jitterMs: 0,
      loss: shape.loss ?? 0,
      duplicate: 0,
    });
    const slow = onLink({ delayMs: 100 });
    const lossy = onLink({ loss: 0.2 });
    hands.apply(slow);
    hands.apply(lossy);
    expect(shapes.get('v1>v2')).toBe(lossy);
    hands.heal(lossy);
    expect(shapes.get('v1>v2')).toBe(slow);
    hands.heal(slow);
    expect(shapes.get('v1>v2')).toBeUndefined();
  });

  it('kills and restarts, stops and continues, isolates and fills the disk of the one validator named', () => {
    const { hands, calls } = fakes();
    const faults: FaultPlan[] = [
      { kind: 'kill', node: 'v1' },
      { kind: 'pause', node: 'v2' },
      { kind: 'isolate', node: 'v3' },
      { kind: 'disk-full', node: 'v4' },
    ];
    faults.forEach((f) => hands.apply(f));
    faults.forEach((f) => hands.heal(f));
    expect(calls).toEqual([
      'kill v1', 'SIGSTOP v2', 'isolate v3 true', 'fill v4',
      'restart v1', 'SIGCONT v2', 'isolate v3 false', 'free v4',
    ]); // prettier-ignore
  });
});
