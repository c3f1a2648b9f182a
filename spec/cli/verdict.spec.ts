import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { backAtHead, finalizationFigures } from '../../src/cli/latency';
import { readEvidence } from '../../src/cli/nemesis/evidence';
import { openReceivedLog, RECEIVED_FILE, rotatedFile } from '../../src/cli/received-log';
import { verdictOf } from '../../src/cli/verdict';
import { openSqliteValidatorStore } from '../../src/sqlite';
import { entryAt, frameAt, recordVote, tempDir } from '../sqlite/fixtures';

describe('the testnet verdict, read from the stores', () => {
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const storeWith = (name: string, ranks: readonly number[], other?: number): string => {
    const file = join(dir, `${name}.db`);
    const store = openSqliteValidatorStore(file);
    for (const rank of ranks) {
      const entry = entryAt(rank);
      store.appendFinalized(rank === other ? { ...entry, frame: frameAt(rank, 7) } : entry);
      recordVote(store, rank, rank - 1);
    }
    store.close();
    return file;
  };

  it('agrees when every chain is a prefix of the longest, and reports the shortest', () => {
    const v = verdictOf({
      a: storeWith('a', [1, 2, 4, 5]),
      b: storeWith('b', [1, 2, 4]),
      c: storeWith('c', [1, 2, 4, 5, 6]),
    });
    expect(v).toMatchObject({ agree: true, doubleSigned: 0, ranks: 4, finalizedRank: { a: 5, b: 4, c: 6 } });
  });

  it('disagrees on a different frame at a rank, or a rank one skipped and another finalized', () => {
    expect(verdictOf({ a: storeWith('a', [1, 2, 3]), b: storeWith('b', [1, 2, 3], 2) })).toMatchObject({
      agree: false,
      conflict: expect.stringMatching(/^rank 2: a finalized [0-9a-f]{64}, b [0-9a-f]{64}$/),
    });
    expect(verdictOf({ a: storeWith('a2', [1, 2, 3]), b: storeWith('b2', [1, 3]) }).conflict).toMatch(
      /rank 2: .*b nothing/,
    );
  });

  it('counts validators whose journal holds two different messages at a rank', () => {
    const a = storeWith('a', [1, 2]);
    const db = new Database(a);
    db.prepare("INSERT INTO journal (rank, kind, sum) VALUES (2, 'vote', 'forged')").run();
    db.close();
    expect(verdictOf({ a, b: storeWith('b', [1, 2]) })).toMatchObject({ doubleSigned: 1, agree: true });
  });

  it('counts signers of whom a peer received two different items at one rank, not journaled by the signer', () => {
    const line = (signer: string, kind: string, rank: number, item: string): string =>
      `${JSON.stringify({ signer, kind, rank, item })}\n`;
    const received = { a: join(dir, 'a.ndjson'), b: join(dir, 'b.ndjson'), c: join(dir, 'missing.ndjson') };
    // b's two votes at rank 2 went to different peers; b's own journal holds one (it never
    // recorded the second). A line cut short by a kill is skipped.
    writeFileSync(received.a, line('b', 'vote', 2, 'x@v1') + line('c', 'vote', 2, 'x@v1'));
    writeFileSync(received.b, line('c', 'vote', 2, 'x@v1') + line('a', 'timeout', 3, '1') + '{"signer":"a"');
    const stores = { a: storeWith('a', [1, 2]), b: storeWith('b', [1, 2]) };
    expect(verdictOf(stores, received)).toMatchObject({ doubleSigned: 0, agree: true });
    writeFileSync(received.c, line('b', 'vote', 2, 'y@v1') + line('a', 'timeout', 3, '1'));
    expect(verdictOf(stores, received)).toMatchObject({ doubleSigned: 1, agree: true });
  });

  it('finds a double signing split across the rotated and the current received log', async () => {
    const received = join(dir, RECEIVED_FILE);
    const problems: string[] = [];
    const vote = (signer: string, rank: number, item: string) => ({
      signer,
      kind: 'vote' as const,
      rank,
      item,
    });
    const line = Buffer.byteLength(`${JSON.stringify(vote('b', 2, 'x@v1'))}\n`);
    const log = openReceivedLog(dir, {
      limitBytes: 3 * line,
      onError: (_err, problem) => problems.push(problem),
    });
    log.write(vote('b', 2, 'x@v1'));
    log.write(vote('c', 2, 'x@v1'));
    log.write(vote('c', 3, 'z@v1')); // the file passes the limit: rotated
    log.write(vote('b', 2, 'y@v1'));
    await log.close();
    expect(problems).toEqual([]);
    expect(readFileSync(rotatedFile(received), 'utf8')).toContain('"x@v1"');
    expect(readFileSync(received, 'utf8')).not.toContain('"x@v1"');
    const stores = { a: storeWith('a', [1, 2]), b: storeWith('b', [1, 2]) };
    expect(verdictOf(stores, { a: received })).toMatchObject({ doubleSigned: 1, agree: true });
    expect(readEvidence({ a: dir }).received.a?.map((e) => e.item)).toEqual(['x@v1', 'x@v1', 'z@v1', 'y@v1']);
  });

  it('fails on a store it cannot read, naming it', () => {
    const bad = join(dir, 'bad.db');
    writeFileSync(bad, 'garbage'.repeat(100));
    const v = verdictOf({ a: storeWith('a', [1]), bad });
    expect(v.agree).toBe(false);
    expect(v.unreadable.bad).toContain(bad);
  });
});

describe('finalization figures from the logs', () => {
  it('measures proposal-to-finalized latency and the finalized rate', () => {
    const dir = tempDir();
    const line = (o: object): string => JSON.stringify(o);
    writeFileSync(
      join(dir, 'a.log'),
      [
        line({ msg: 'proposed', frame: 'f1', time: 1000 }),
        line({ msg: 'finalized', rank: 1, frame: 'f1', time: 1010 }),
        'not json',
        line({ msg: 'finalized', rank: 2, frame: 'f2', time: 1510 }),
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'b.log'),
      [
        line({ msg: 'finalized', rank: 1, frame: 'f1', time: 1030 }),
        line({ msg: 'proposed', frame: 'f2', time: 1490 }),
      ].join('\n'),
    );
    const f = finalizationFigures([join(dir, 'a.log'), join(dir, 'b.log')]);
    expect(f.frames).toBe(2);
    expect(f.ranksPerSecond).toBeCloseTo(2, 5);
    expect(f.latencyMs).toEqual({ p50: 20, p99: 30, max: 30 });
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('a restarted validator back at the head, from the logs', () => {
  const finalized = (rank: number, time: number) => ({ msg: 'finalized', rank, time });
  // v0 was restarted at t = 1000; v1 and v2 ran on.
  const others = [
    [finalized(7, 900), finalized(8, 990), finalized(9, 1010)],
    [finalized(8, 995), { msg: 'proposed', rank: 12, time: 1000 }],
  ];

  it('measures from the restart to its first final frame at the head the others had then', () => {
    const restarted = [finalized(5, 400), finalized(6, 1300), finalized(8, 1450), finalized(9, 1500)];
    expect(backAtHead([restarted, ...others], 0, 1000)).toBe(450);
  });

  it('counts a catch-up through the head, and lines before the restart not at all', () => {
    const restarted = [finalized(8, 999), { msg: 'caught up', upTo: 8, time: 1320 }];
    expect(backAtHead([restarted, ...others], 0, 1000)).toBe(320);
  });

  it('counts its start when its store already held the head', () => {
    const restarted = [{ msg: 'started', resumeFrom: 8, time: 1420 }, finalized(10, 1800)];
    expect(backAtHead([restarted, ...others], 0, 1000)).toBe(420);
    const behind = [{ msg: 'started', resumeFrom: 7, time: 1420 }, finalized(8, 1600)];
    expect(backAtHead([behind, ...others], 0, 1000)).toBe(600);
  });

  it('answers null when the restarted validator never got back to the head', () => {
    expect(backAtHead([[finalized(7, 1400)], ...others], 0, 1000)).toBeNull();
  });
});
