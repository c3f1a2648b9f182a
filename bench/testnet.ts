/**
 * Real-process figures on loopback: `rx-consensus testnet` for 4 and 7 validators, each run to
 * `ranks` finalized ranks, reporting finalized frames per second and proposal-to-finalized
 * latency (p50/p99) from the validators' logs. Run: `npx tsx bench/testnet.ts [ranks] [runs]`.
 */
import { runTestnet } from '../src/cli/testnet';
import { countArguments } from './support/args';

const { ranks, runs } = countArguments('npx tsx bench/testnet.ts [ranks, 30] [runs, 3]', {
  ranks: 30,
  runs: 3,
});

async function main(): Promise<void> {
  for (const nodes of [4, 7]) {
    for (let run = 1; run <= runs; run += 1) {
      const r = await runTestnet({
        nodes,
        ranks,
        kill: [],
        restartAfter: 0,
        timeout: 150000,
        keep: false,
        nodeArgs: [],
      });
      const { ranksPerSecond, latencyMs, agree, doubleSigned, reachedTarget, elapsedMs } = r;
      console.log(
        JSON.stringify({
          nodes,
          run,
          ranksPerSecond,
          latencyMs,
          agree,
          doubleSigned,
          reachedTarget,
          elapsedMs,
        }),
      );
    }
  }
}

void main();
