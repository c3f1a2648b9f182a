/** Visualization and inspection of the machine, all generated from the transition table as data. */
export { toMermaid, mermaidFence, type DiagramOptions } from './mermaid';
export { toDot, dotQuote, DOT_START_NODE } from './dot';
export { toMarkdownTable } from './markdown-table';
export { transitionKind, edgeLabel, statesOf, type TransitionKind } from './transition-kind';
export { machineStatistics, type MachineStatistics, type StatisticsOptions } from './statistics';
export { formatStatistics } from './format-statistics';
export { currentStateInfo, type CurrentStateInfo } from './state-info';
export { RingBuffer } from './ring-buffer';
export { transitionsToText, transitionsToMermaidFlow, type NumberedTransition } from './history-format';
export { createTransitionHistory, type TransitionHistory } from './transition-history';
export { recordTransitions, type RecordedTransitions } from './record-transitions';
