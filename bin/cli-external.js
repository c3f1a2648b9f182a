// The packages the rx-consensus command's bundle leaves to `require` (`*`: any package of that
// scope), read by the launcher beside this file and by tsup.cli.config.ts: pino (its transports
// load files of their own), the native SQLite binding, libp2p (bundled apart, into
// libp2p-stack.mjs) and fast-check (the simulator's shrinker, an optional peer). The
// pure-JavaScript rest (RxJS, fp-ts, io-ts, commander, prom-client, @noble) goes into the bundle:
// loading RxJS alone file by file took about 90 ms of every validator's start-up.
module.exports = [
  'pino',
  'better-sqlite3',
  'libp2p',
  '@libp2p/*',
  '@chainsafe/*',
  '@multiformats/*',
  'it-length-prefixed',
  'fast-check',
];
