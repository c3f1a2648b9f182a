/** Reports of a run: the summary object, the text report, the SVG timeline and the HTML page. */
export * from './summary';
export * from './text';
export * from './table';
export * from './svg-timeline';
export * from './html';
export { STATE_COLORS } from './colors';
