import { referenceCost } from './bench/reference-cost';
const out: Record<string, number> = {};
for (const [n, ms, runs] of [[4, 12000, 3], [16, 3000, 3], [64, 400, 1]] as const) {
  const c = referenceCost(n, ms, runs);
  out[`cpu_${n}`] = +c.cpuMsPerValidatorRank.toFixed(3);
  if (n === 4) out.vrps_4 = +c.virtualRanksPerS.toFixed(1);
}
console.log(JSON.stringify(out));
