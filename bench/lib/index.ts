// Shared benchmark helpers.
export { measureOps, blackhole } from './measure-ops.ts';
export type { Candidate, Clock, Measurement, MeasureOptions } from './measure-ops.ts';
export { printTable, ratioOf } from './print-table.ts';
export type { TableOptions } from './print-table.ts';
export {
  npmDecodeMethodCall,
  npmDecodeResponse,
  npmEncodeFault,
  npmEncodeMethodCall,
  npmEncodeResponse,
} from './xmlrpc-npm.ts';
export { recordTable, writeBenchCharts } from './bench-chart.ts';
export type { ChartedTable } from './bench-chart.ts';
