import { referenceCost } from './bench/reference-cost';
const c = referenceCost(4, 12000, 5);
console.log(c.cpuMsPerValidatorRank.toFixed(3), c.virtualRanksPerS.toFixed(1));
