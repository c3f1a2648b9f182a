/**
 * rx-consensus/observe: structured logs (a console and a pino adapter), metrics of a running
 * machine (a prom-client adapter), and snapshots as plain JSON. pino and prom-client are optional
 * peers: the adapters take your instance or module, this package never loads them.
 *
 * @module rx-consensus/observe
 */
export {
  consoleLogger,
  pinoLogger,
  machineTracer,
  type Logger,
  type LogLevel,
  type LogFields,
  type PinoLike,
} from '../observe/logger';
export {
  observeMachine,
  promClientMetrics,
  type MachineMetrics,
  type PromClientLike,
} from '../observe/metrics';
export { snapshotToJson } from '../observe/snapshot-json';
