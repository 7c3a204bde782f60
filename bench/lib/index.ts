// Shared benchmark helpers.
export { measureOps, measurementOf } from './measure-ops.ts';
export type { Candidate, Measurement } from './measure-ops.ts';
export { printTable } from './print-table.ts';
export {
  npmDecodeMethodCall,
  npmDecodeResponse,
  npmEncodeMethodCall,
  npmEncodeResponse,
} from './xmlrpc-npm.ts';
