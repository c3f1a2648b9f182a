/**
 * The floors a validator network cannot beat on this machine, measured in the same run as the
 * network figures: a TCP round trip between two Node processes on loopback, a synced SQLite write
 * (WAL, synchronous FULL: what a validator does before sending what it signed), and Ed25519 with
 * node:crypto. Medians.
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Floors {
  readonly tcpRoundTripMs: number;
  readonly syncedWriteMs: number;
  readonly ed25519SignUs: number;
  readonly ed25519VerifyUs: number;
}

const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, d: number): number => Number(x.toFixed(d));

/** An echo server in a child process; resolves its port. */
const ECHO = `const s=require('node:net').createServer((c)=>c.pipe(c));s.listen(0,'127.0.0.1',()=>process.send(s.address().port));`;

async function tcpRoundTrip(rounds = 2000): Promise<number> {
  const child = spawn(process.execPath, ['-e', ECHO], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
  try {
    const port = await new Promise<number>((resolve) => child.once('message', (p) => resolve(p as number)));
    const socket = connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    await new Promise((resolve) => socket.once('connect', resolve));
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      socket.write('x');
      await new Promise((resolve) => socket.once('data', resolve));
      times.push(performance.now() - t);
    }
    socket.destroy();
    return round(median(times), 3);
  } finally {
    child.kill();
  }
}

function syncedWrite(rounds = 200): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require('better-sqlite3') as typeof import('better-sqlite3');
  const dir = mkdtempSync(join(tmpdir(), 'rx-consensus-floor-'));
  try {
    const db = new Database(join(dir, 'floor.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE t (k INTEGER PRIMARY KEY, v BLOB)');
    const insert = db.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
    const times: number[] = [];
    const value = Buffer.alloc(300);
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      insert.run(i, value);
      times.push(performance.now() - t);
    }
    db.close();
    return round(median(times), 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function ed25519(rounds = 2000): { sign: number; verify: number } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const message = Buffer.alloc(300, 7);
  let t = performance.now();
  let signature = Buffer.alloc(0);
  for (let i = 0; i < rounds; i++) signature = sign(null, message, privateKey);
  const signUs = ((performance.now() - t) * 1000) / rounds;
  t = performance.now();
  for (let i = 0; i < rounds; i++) verify(null, message, publicKey, signature);
  const verifyUs = ((performance.now() - t) * 1000) / rounds;
  return { sign: round(signUs, 1), verify: round(verifyUs, 1) };
}

export async function measureFloors(): Promise<Floors> {
  const tcpRoundTripMs = await tcpRoundTrip();
  const syncedWriteMs = syncedWrite();
  const { sign: ed25519SignUs, verify: ed25519VerifyUs } = ed25519();
  return { tcpRoundTripMs, syncedWriteMs, ed25519SignUs, ed25519VerifyUs };
}
