/**
 * An exclusive lock on a validator's data dir: a `LOCK` file holding the pid of the process that
 * runs on it, created with O_EXCL. Two processes signing with one key and one store is how a
 * validator signs twice, so a second `node` on the same data dir is refused while the first one
 * lives. A lock left by a process that no longer exists (a SIGKILL, a power cut) is taken over.
 */
import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`data dir ${dataDir} in use by pid ${pid} (stop that process first, or use another --data-dir)`);
    this.name = 'DataDirInUseError';
  }
}

export interface DataDirLock {
  readonly file: string;
  /** Remove the lock file (only if it still holds this process's pid). */
  release(): void;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const holderOf = (file: string): number | undefined => {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
};

/** Take the lock on `dataDir` (which must exist) or throw `DataDirInUseError`. */
export function lockDataDir(dataDir: string, pid: number = process.pid): DataDirLock {
  const file = join(dataDir, 'LOCK');
  for (let attempt = 0; attempt < 3; attempt += 1) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = holderOf(file);
      if (holder !== undefined && holder !== pid && alive(holder))
        throw new DataDirInUseError(dataDir, holder);
      rmSync(file, { force: true }); // stale: its process is gone
      continue;
    }
    writeSync(fd, `${pid}\n`);
    closeSync(fd);
    return {
      file,
      release: () => {
        if (holderOf(file) === pid) rmSync(file, { force: true });
      },
    };
  }
  throw new Error(`data dir ${dataDir}: cannot take the lock ${file}`);
}

/** The pid holding `dataDir`'s lock, when that process is alive. */
export function lockHolder(dataDir: string): number | undefined {
  const holder = holderOf(join(dataDir, 'LOCK'));
  return holder !== undefined && alive(holder) ? holder : undefined;
}
