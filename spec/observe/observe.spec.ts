/**
 * Logs and metrics: a structured logger (JSON lines, pino), the machine's entries carrying node,
 * rank and state, machine metrics (transitions, rank durations and how ranks ended, refusals,
 * timeouts) and their prom-client adapter, and snapshots as plain JSON.
 */
import * as prom from 'prom-client';
import { MachineState } from '../../src';
import {
  consoleLogger,
  observeMachine,
  pinoLogger,
  promClientMetrics,
  snapshotToJson,
  type MachineMetrics,
} from '../../src/entries/observe';
import { ballot, createFixture, virtualScheduler } from '../support/fixture';

function runFor(scheduler: ReturnType<typeof virtualScheduler>, ms: number): void {
  const until = scheduler.now() + ms;
  scheduler.maxFrames = until;
  scheduler.flush();
  scheduler.maxFrames = Number.POSITIVE_INFINITY;
  scheduler.frame = Math.max(scheduler.frame, until);
}

describe('structured logs', () => {
  it('consoleLogger writes one JSON line per entry at or above its level', () => {
    const lines: string[] = [];
    const logger = consoleLogger({ level: 'info', write: (l) => lines.push(l) });
    logger.log('debug', 'hidden', {});
    logger.log('warn', 'a rank timed out', { node: 'v1', rank: 7 });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'warn',
      msg: 'a rank timed out',
      node: 'v1',
      rank: 7,
    });
  });

  it('pinoLogger calls pino with the fields first and the message second', () => {
    const calls: unknown[][] = [];
    const pino = {
      debug: (...a: unknown[]) => calls.push(['debug', ...a]),
      info: (...a: unknown[]) => calls.push(['info', ...a]),
      warn: (...a: unknown[]) => calls.push(['warn', ...a]),
      error: (...a: unknown[]) => calls.push(['error', ...a]),
    };
    pinoLogger(pino).log('error', 'boom', { node: 'v0' });
    expect(calls).toEqual([['error', { node: 'v0' }, 'boom']]);
  });

  it("the machine's entries name the node, the rank in progress and the state", () => {
    const lines: string[] = [];
    const scheduler = virtualScheduler();
    const f = createFixture({
      scheduler,
      quorum: Infinity,
      delays: { collect: 10 },
      fail: { sendProposal: 'throw' },
      tracer: undefined,
      logger: consoleLogger({ level: 'debug', write: (l) => lines.push(l) }),
    });
    f.sm.start();
    runFor(scheduler, 1_100);
    const failure = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((e) => e['level'] === 'error');
    expect(failure).toMatchObject({
      node: 'n1',
      rank: 1,
      state: 'publishing',
      error: expect.stringContaining('sendProposal threw'),
    });
    f.sm.close();
  });
});

describe('machine metrics', () => {
  function recorder() {
    const seen = {
      transitions: 0,
      ranks: [] as [number, string][],
      refused: [] as string[],
      timedOut: [] as string[],
    };
    const metrics: MachineMetrics = {
      transition: () => void seen.transitions++,
      rankEnded: (ms, how) => void seen.ranks.push([ms, how]),
      refused: (reason) => void seen.refused.push(reason),
      timedOut: (state) => void seen.timedOut.push(state),
    };
    return { seen, metrics };
  }

  it('count transitions, time each rank and how it ended, refusals and timeouts', () => {
    const { seen, metrics } = recorder();
    const scheduler = virtualScheduler();
    let quorum = false;
    const f = createFixture({
      scheduler,
      delays: { collect: 10 },
      timeouts: { voting: 100 },
      overrides: { isQuorum: () => quorum },
    });
    const subscription = observeMachine(f.sm, metrics);
    f.sm.start();
    runFor(scheduler, 1_250); // voting at rank 1 from 1010, two timeouts
    f.sm.advanceTo(2);
    quorum = true;
    f.sm.receiveVote('n1', 'v2', ballot(2, 'v2'));
    runFor(scheduler, 20);
    f.sm.sendEvent('quorum_reached');
    subscription.unsubscribe();
    expect(seen.transitions).toBeGreaterThan(10);
    expect(seen.timedOut).toEqual([MachineState.Voting, MachineState.Voting]);
    expect(seen.ranks[0]).toEqual([250, 'advanced']); // rank 1 opened at 1000 (collecting), ended at 1250
    expect(seen.ranks[1]![1]).toBe('finalized');
    expect(seen.refused).toContain('no_transition');
    f.sm.close();
  });

  it('promClientMetrics exposes them in Prometheus format', async () => {
    const registry = new prom.Registry();
    const metrics = promClientMetrics(prom, { registry, prefix: 'test_' });
    metrics.transition({ from: 'voting', to: 'finalizing', event: 'quorum_reached', at: 1 });
    metrics.rankEnded(30, 'finalized');
    metrics.refused('stale');
    metrics.timedOut(MachineState.Voting);
    const text = await registry.metrics();
    expect(text).toMatch(/test_transitions_total\{from="voting",to="finalizing",event="quorum_reached"\} 1/);
    expect(text).toMatch(/test_rank_seconds_count\{how="finalized"\} 1/);
    expect(text).toMatch(/test_refusals_total\{reason="stale"\} 1/);
    expect(text).toMatch(/test_timeouts_total\{state="voting"\} 1/);
  });
});

describe('snapshotToJson', () => {
  it('is plain data: round counts instead of internal maps', () => {
    const scheduler = virtualScheduler();
    const f = createFixture({ scheduler, quorum: Infinity, delays: { collect: 10 } });
    f.sm.start();
    runFor(scheduler, 1_100);
    f.sm.receiveVote('n1', 'v2', ballot(2, 'v2'));
    const json = JSON.parse(JSON.stringify(snapshotToJson(f.sm.getSnapshot())));
    expect(json).toMatchObject({ state: 'voting', activeRank: 0, failedRanks: 0 });
    expect(json.rounds).toEqual(expect.arrayContaining([expect.objectContaining({ rank: 2, votes: 1 })]));
    f.sm.close();
  });
});
