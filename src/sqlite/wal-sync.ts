/**
 * The group commit of a SQLite store in WAL mode: signed commits are counted as they are made,
 * and `durable()` puts every one made so far on disk with one fsync of the write-ahead log, shared
 * by every caller that waits meanwhile. SQLite appends each commit to that one file, so syncing it
 * is what `synchronous = FULL` does at each commit. The fsync runs on the thread pool: the process
 * goes on meanwhile. A failed fsync fails this and every later `durable()`: nothing signed may be
 * sent after it.
 */
import { closeSync, fsync, openSync } from 'node:fs';
import { StoreAccessError } from './errors';

export class WalSync {
  private committed = 0;
  private flushed = 0;
  private flushing: Promise<void> | undefined;
  private failed: Error | undefined;
  private walFd: number | undefined;

  /** `synced`: told after each fsync that succeeded (the store counts its synced writes). */
  constructor(
    private readonly file: string,
    private readonly isOpen: () => boolean,
    private readonly synced: () => void,
  ) {}

  /** The failure that ended the group commit, if one did. */
  get failure(): Error | undefined {
    return this.failed;
  }

  /** A signed message was committed, not yet synced. */
  committedOne(): void {
    this.committed += 1;
  }

  /** True while a counted commit is not yet on disk. */
  pending(): boolean {
    return this.flushed < this.committed;
  }

  /** Resolves once every commit counted before the call is on disk. */
  durable(): Promise<void> {
    if (this.failed !== undefined) return Promise.reject(this.failed);
    return this.flushThrough(this.committed);
  }

  /** Lets go of the log's file descriptor now, or when the fsync in flight ends. */
  close(): void {
    if (this.flushing === undefined) this.closeWal();
  }

  /** Waits for the fsync in flight, and starts another while it did not cover commit `target`. */
  private flushThrough(target: number): Promise<void> {
    if (this.flushed >= target) return Promise.resolve();
    this.flushing ??= this.flush();
    return this.flushing.then(() => this.flushThrough(target));
  }

  /** One fsync of the write-ahead log, covering every commit counted before it started. */
  private flush(): Promise<void> {
    const upTo = this.committed;
    return new Promise<void>((resolve, reject) => {
      const done = (err: unknown): void => {
        this.flushing = undefined;
        if (!this.isOpen()) this.closeWal();
        if (err !== null && err !== undefined) {
          this.failed ??= new StoreAccessError(
            this.file,
            `syncing the write-ahead log failed: ${err instanceof Error ? err.message : String(err)}`,
          );
          reject(this.failed);
          return;
        }
        this.flushed = Math.max(this.flushed, upTo);
        this.synced();
        resolve();
      };
      try {
        if (!this.isOpen()) throw new Error('the store is closed');
        this.walFd ??= openSync(`${this.file}-wal`, 'r');
        fsync(this.walFd, done);
      } catch (err) {
        done(err);
      }
    });
  }

  private closeWal(): void {
    if (this.walFd === undefined) return;
    closeSync(this.walFd);
    this.walFd = undefined;
  }
}
