/**
 * A validator's received log: every signed item it received from its peers, one JSON object a
 * line, in `received.ndjson` in its data dir, so that a testnet or the nemesis can judge double
 * signing from outside the signer. The log is bounded: once the current file passes the limit it
 * becomes `received.1.ndjson` (replacing the one before) and a fresh file starts, so the two
 * files together stay under about twice the limit. Readers read both, older first, so a double
 * signing that straddles a rotation is still seen.
 */
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, renameSync } from 'node:fs';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { ReceivedSigned } from '../reference/validator/received';

/**
 * How long lines wait before they are written: one write for all the lines of that time instead
 * of one for each (a validator receives a few signed items per rank; writing each one on its own
 * was about 4% of its CPU). A `kill -9` loses at most this much of the log.
 */
export const RECEIVED_FLUSH_MS = 20;

/** The current received log in a validator's data dir. */
export const RECEIVED_FILE = 'received.ndjson';

/** The file a received log is rotated to: `received.ndjson` → `received.1.ndjson`. */
export function rotatedFile(file: string): string {
  return file.replace(/(\.ndjson)?$/, '.1$1');
}

export interface ReceivedLog {
  /** Append one item (dropped when the log is off, or while its file is failed: see below). */
  write(entry: ReceivedSigned): void;
  /** Write out what is buffered and close the files; never rejects. */
  close(): Promise<void>;
}

export interface ReceivedLogOptions {
  /** Rotate once the current file holds this many bytes; 0: write no log at all. */
  readonly limitBytes: number;
  /** A file that could not be opened, written or rotated, and what the log does about it. */
  readonly onError: (err: unknown, problem: string) => void;
  /** After a failed file, the bytes of lines dropped before it is opened again (default 64 KiB). */
  readonly retryAfterBytes?: number;
}

/**
 * Open `dataDir`'s received log for appending. Lines are held for `RECEIVED_FLUSH_MS` and written
 * together (the stream is corked meanwhile), and counted in bytes here, so no line costs a `stat`. A file
 * that fails (a full disk) is never fatal: its error is reported, lines are dropped (still
 * counted) and the file is opened again after `retryAfterBytes` of them; one that cannot be
 * rotated stops the log.
 */
export function openReceivedLog(dataDir: string, options: ReceivedLogOptions): ReceivedLog {
  const { limitBytes, onError } = options;
  if (limitBytes === 0) return { write: () => undefined, close: () => Promise.resolve() };
  const file = join(dataDir, RECEIVED_FILE);
  const retryAfter = options.retryAfterBytes ?? 64 * 1024;
  const ending = new Set<Promise<void>>();
  /** Streams ended by a rotation or by `close`: a late error of theirs does not fail the current file. */
  const retired = new WeakSet<WriteStream>();
  /** The current file's stream; undefined while the file is failed. */
  let stream: WriteStream | undefined;
  let bytes = 0;
  /** While the file is failed: the count of bytes at which it is opened again. */
  let retryAt = 0;
  let stopped = false;

  const dropLines = (): void => {
    stream = undefined;
    retryAt = bytes + retryAfter;
  };
  const dropping = `lines are dropped, the file is opened again after ${retryAfter} bytes of them`;
  const retire = (old: WriteStream): void => {
    retired.add(old);
    if (!old.destroyed) old.end();
    const done = finished(old).catch(() => undefined);
    ending.add(done);
    void done.then(() => ending.delete(done));
  };
  // The stream writes through an fd opened here: a rename after this cannot redirect its lines.
  const open = (): void => {
    let fd: number | undefined;
    let size: number;
    let newline: boolean;
    try {
      fd = openSync(file, 'a+');
      size = fstatSync(fd).size;
      newline = cutShort(fd, size);
    } catch (err) {
      if (fd !== undefined) closeSync(fd);
      dropLines();
      return onError(err, `opening ${file} failed: ${dropping}`);
    }
    const opened = createWriteStream(file, { fd });
    opened.on('error', (err) => {
      if (retired.has(opened))
        return onError(err, `writing ${file} failed as it was rotated or closed: its last lines are lost`);
      if (opened === stream) dropLines();
      onError(err, `writing ${file} failed: ${dropping}`);
    });
    [stream, bytes] = [opened, size];
    if (newline) {
      opened.write('\n');
      bytes += 1;
    }
  };
  // The old stream's buffered lines still go to the old file, now under its rotated name. A file
  // that cannot be renamed would grow past the limit: the log stops instead.
  const rotate = (): void => {
    if (stream !== undefined) retire(stream);
    stream = undefined;
    try {
      renameSync(file, rotatedFile(file));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        onError(err, `rotating ${file} failed: the received log stops`);
        stopped = true;
        return;
      }
    }
    bytes = 0;
    open();
  };

  open();
  if (bytes >= limitBytes) rotate();
  return {
    write(entry) {
      if (stopped) return;
      // A failed write destroys the stream at once; its error is emitted (and reported) later.
      if (stream?.destroyed === true) dropLines();
      if (stream === undefined && bytes >= retryAt) open();
      const line = `${JSON.stringify(entry)}\n`;
      if (stream !== undefined && stream.writableCorked === 0) {
        // Ending the stream (a rotation, `close`) writes out what it holds too.
        const held = stream;
        held.cork();
        setTimeout(() => held.uncork(), RECEIVED_FLUSH_MS).unref();
      }
      stream?.write(line);
      bytes += Buffer.byteLength(line);
      if (bytes >= limitBytes) rotate();
    },
    async close() {
      if (stream !== undefined) retire(stream);
      stream = undefined;
      stopped = true;
      await Promise.all(ending);
    },
  };
}

/** Whether the file's last line was cut short (by a kill): the next line must not be glued to it. */
function cutShort(fd: number, size: number): boolean {
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  return readSync(fd, last, 0, 1, size - 1) === 1 && last[0] !== 0x0a;
}

/** One line of a received log. */
export interface ReceivedEntry {
  readonly signer: string;
  readonly kind: string;
  readonly rank: number;
  readonly item: string;
}

/**
 * The entries of the received log `file` (its path in the data dir): those of its rotated file,
 * then its own. Absent files hold none; lines cut short are skipped.
 */
export function readReceivedLog(file: string): ReceivedEntry[] {
  return [rotatedFile(file), file].flatMap((f) =>
    existsSync(f)
      ? readFileSync(f, 'utf8')
          .split('\n')
          .map(parseEntry)
          .filter((e) => e !== undefined)
      : [],
  );
}

function parseEntry(line: string): ReceivedEntry | undefined {
  if (line.trim() === '') return undefined;
  try {
    const e = JSON.parse(line) as Record<string, unknown>;
    const { signer, kind, rank, item } = e;
    if (
      typeof signer !== 'string' ||
      typeof kind !== 'string' ||
      typeof rank !== 'number' ||
      typeof item !== 'string'
    )
      return undefined;
    return { signer, kind, rank, item };
  } catch {
    return undefined; // a line cut short by SIGKILL
  }
}
