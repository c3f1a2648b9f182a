/**
 * A small disk per validator (root only): its data dir is a tmpfs of its own, so the nemesis can
 * fill it (a file written until ENOSPC) and give the space back (the file removed). What the
 * validator then must do is stop signing: a message it cannot record it must not send.
 *
 * The disk must hold what the store keeps on purpose (the finalized chain and the journal, about
 * 4 KB per rank): 32 MiB filled up by itself in a ten-minute run at 10 ranks/s, which stopped two
 * validators for good and stalled the run. 256 MiB holds about 60,000 ranks; tmpfs takes memory
 * only for what is written.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { saveState, teardownState, type RunState } from './hosts';

const FILLER = 'nemesis-filler';
export const DISK_MIB = 256;

/** Mount a tmpfs of `DISK_MIB` MiB on `dir` (named `prefix`, so cleanup knows it). */
export function mountSmallDisk(dir: string, prefix: string): void {
  mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${DISK_MIB}m,mode=0700`, prefix, dir], { stdio: 'pipe' });
}

/** Write into `dir` until the filesystem refuses; returns the bytes written. */
export function fillDisk(dir: string): number {
  const fd = openSync(join(dir, FILLER), 'w');
  const block = Buffer.alloc(1 << 20);
  let written = 0;
  try {
    for (;;) {
      try {
        written += writeSync(fd, block);
      } catch {
        // ENOSPC: fill the last bytes in small pieces, then stop.
        for (let size = 1 << 16; size >= 512; size >>= 1) {
          try {
            for (;;) written += writeSync(fd, block, 0, size);
          } catch {
            // smaller
          }
        }
        return written;
      }
    }
  } finally {
    closeSync(fd);
  }
}

export function freeDisk(dir: string): void {
  rmSync(join(dir, FILLER), { force: true });
}

/** A tmpfs for each data dir; false (and none) when one cannot be mounted: no full disks then. */
export function smallDisks(dirs: readonly string[], state: RunState): boolean {
  try {
    for (const d of dirs) {
      state.mounts.push(d);
      saveState(state);
      mountSmallDisk(d, state.prefix);
    }
    return true;
  } catch {
    teardownState({ ...state, namespaces: [], links: [] });
    state.mounts.length = 0;
    saveState(state);
    return false;
  }
}
