/** The received log: appended, rotated at its limit into one older file, off at 0, never fatal. */
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import type { ReceivedSigned } from '../../src/reference/validator/received';
import { openReceivedLog, readReceivedLog, RECEIVED_FILE, rotatedFile } from '../../src/cli/received-log';
import { tempDir } from '../sqlite/fixtures';

/** Entry `i`: every entry's line has the same length. */
const entry = (i: number, signer = 'v2'): ReceivedSigned => ({
  signer,
  kind: 'vote',
  rank: 1000 + i,
  item: `f${i}`.padStart(6, '0'),
});
const LINE = Buffer.byteLength(`${JSON.stringify(entry(0))}\n`);

describe('the received log', () => {
  let dir: string;
  let errors: string[];
  beforeEach(() => {
    dir = tempDir();
    errors = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const current = (): string => join(dir, RECEIVED_FILE);
  const open = (limitBytes: number): ReturnType<typeof openReceivedLog> =>
    openReceivedLog(dir, { limitBytes, onError: (_err, problem) => errors.push(problem) });
  const linesOf = (file: string): number[] =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => (JSON.parse(l) as ReceivedSigned).rank - 1000);
  const range = (from: number, to: number): number[] =>
    Array.from({ length: to - from + 1 }, (_, k) => from + k);

  it('rotates once the current file passes the limit, keeping one older file', async () => {
    const limit = 4 * LINE - 10; // the 4th line passes it
    const log = open(limit);
    for (let i = 1; i <= 22; i += 1) log.write(entry(i));
    await log.close();

    expect(readdirSync(dir).sort()).toEqual(['received.1.ndjson', 'received.ndjson']);
    expect(rotatedFile(current())).toBe(join(dir, 'received.1.ndjson'));
    // 1-4, 5-8, … were each rotated out and replaced; 17-20 are the older file, 21-22 the current.
    expect(linesOf(rotatedFile(current()))).toEqual(range(17, 20));
    expect(linesOf(current())).toEqual(range(21, 22));
    for (const f of [current(), rotatedFile(current())]) expect(statSync(f).size).toBeLessThan(limit + LINE);
    expect(readReceivedLog(current()).map((e) => e.rank - 1000)).toEqual(range(17, 22));
    expect(errors).toEqual([]);
  });

  it('counts what the current file already holds when it opens again (ending a cut line), and rotates a file over the limit at once', async () => {
    const limit = 4 * LINE - 10;
    const first = open(limit);
    for (const i of [1, 2]) first.write(entry(i));
    await first.close();
    appendFileSync(current(), '{"signer":"v2","ki'); // a kill cut this line: the next is not glued to it
    const second = open(limit);
    for (const i of [3, 4, 5]) second.write(entry(i)); // 4 lines and the cut one pass the limit
    await second.close();
    const json = (i: number): string => JSON.stringify(entry(i));
    expect(readFileSync(rotatedFile(current()), 'utf8').split('\n')).toEqual([
      json(1),
      json(2),
      '{"signer":"v2","ki',
      json(3),
      json(4),
      '',
    ]);
    expect(linesOf(current())).toEqual([5]);

    const smaller = open(LINE); // the limit went down: the current file is over it
    await smaller.close();
    expect(linesOf(rotatedFile(current()))).toEqual([5]);
    expect(statSync(current()).size).toBe(0);
  });

  it('writes the lines of a moment together, without waiting for close', async () => {
    const log = open(1 << 20);
    for (let i = 1; i <= 3; i += 1) log.write(entry(i));
    expect(existsSync(current()) ? readFileSync(current(), 'utf8') : '').toBe(''); // held for now
    // Written within RECEIVED_FLUSH_MS; waited for with a generous deadline (a busy machine).
    const deadline = Date.now() + 10_000;
    while (readFileSync(current(), 'utf8') === '' && Date.now() < deadline)
      await new Promise((resolve) => setImmediate(resolve));
    expect(linesOf(current())).toEqual([1, 2, 3]);
    await log.close();
  });

  it('writes nothing at all with limit 0', async () => {
    const log = open(0);
    for (let i = 1; i <= 100; i += 1) log.write(entry(i));
    await log.close();
    expect(readdirSync(dir)).toEqual([]);
    expect(readReceivedLog(current())).toEqual([]);
  });

  it('reads the older file first, skipping lines cut short; absent files hold nothing', async () => {
    expect(readReceivedLog(current())).toEqual([]);
    const log = open(2 * LINE);
    for (const i of [1, 2, 3]) log.write(entry(i));
    await log.close();
    appendFileSync(rotatedFile(current()), '{"signer":"v2","kind":"vo'); // a kill cut this line
    expect(readReceivedLog(current()).map((e) => e.rank - 1000)).toEqual([1, 2, 3]);
    rmSync(current());
    expect(readReceivedLog(current()).map((e) => e.rank - 1000)).toEqual([1, 2]);
  });

  it('goes on without a file it cannot open, and opens a fresh one at the next rotation', async () => {
    mkdirSync(current()); // not a file: opening it fails
    const log = open(2 * LINE);
    expect(errors).toEqual([expect.stringMatching(/^opening .*received\.ndjson failed: lines are dropped/)]);
    for (const i of [1, 2, 3]) log.write(entry(i)); // 1 and 2 dropped; the folder is rotated away
    await log.close();
    expect(statSync(rotatedFile(current())).isDirectory()).toBe(true);
    expect(linesOf(current())).toEqual([3]);
  });

  // Every write to /dev/full fails with ENOSPC: a full disk.
  const full = existsSync('/dev/full') ? it : it.skip;
  /** A log on a full disk, once its first line failed (retried after 2 more lines). */
  const failedOnFullDisk = async (): Promise<ReturnType<typeof openReceivedLog>> => {
    symlinkSync('/dev/full', current());
    let failed!: () => void;
    const first = new Promise<void>((resolve) => (failed = resolve));
    const log = openReceivedLog(dir, {
      limitBytes: 100 * LINE,
      retryAfterBytes: 2 * LINE,
      onError: (_err, problem) => {
        errors.push(problem);
        failed();
      },
    });
    log.write(entry(1));
    await first;
    return log;
  };
  full('reports a failed write, drops lines, and opens the file again after some of them', async () => {
    const log = await failedOnFullDisk();
    rmSync(current()); // the disk has room again
    for (let i = 2; i <= 5; i += 1) log.write(entry(i)); // 2 and 3 dropped, then a new file
    await log.close();
    expect(errors).toEqual([
      expect.stringMatching(
        /^writing .*received\.ndjson failed: lines are dropped, the file is opened again/,
      ),
    ]);
    expect(linesOf(current())).toEqual([4, 5]);
  });

  full('on a disk that stays full, reports one error per retry, not one per line', async () => {
    const log = await failedOnFullDisk();
    for (let i = 2; i <= 7; i += 1) log.write(entry(i)); // 2 and 3 dropped; 4 to 7 tried again
    await log.close();
    expect(errors).toEqual([
      expect.stringMatching(/^writing .* failed: lines are dropped/),
      expect.stringMatching(/^writing .* failed as it was rotated or closed/),
    ]);
  });

  full('reports a write that fails as its file is rotated, and goes on in the fresh file', async () => {
    symlinkSync('/dev/full', current());
    const log = open(3 * LINE);
    for (let i = 1; i <= 5; i += 1) log.write(entry(i)); // the 3rd rotates before the write fails
    await log.close();
    expect(errors).toEqual([expect.stringMatching(/^writing .*received\.ndjson failed as it was rotated/)]);
    expect(linesOf(current())).toEqual([4, 5]);
  });

  it('stops, reporting it, when the current file cannot be rotated', async () => {
    mkdirSync(join(rotatedFile(current()), 'inside'), { recursive: true }); // a file cannot replace it
    const log = open(2 * LINE);
    for (let i = 1; i <= 6; i += 1) log.write(entry(i));
    await log.close();
    expect(errors).toEqual([
      expect.stringMatching(/^rotating .*received\.ndjson failed: the received log stops$/),
    ]);
    expect(linesOf(current())).toEqual([1, 2]);
  });
});
