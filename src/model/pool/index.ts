// The model's pool rules (docs/SEMANTICS.md §11): a view of the pool built from records, and pure predictions.
export type { PoolHost, PoolRecords, PoolView, PoolVm } from './pool-view.ts';
export { numberOf, orderedHosts, poolViewFromRecords, POOL_VIEW_CLASSES, vmMemory } from './pool-view.ts';
export type { BootCheckOptions, EvacuationReason, PoolError, StartPrediction } from './pool-rules.ts';
export {
  bootError,
  certainBlockers,
  evacuationBlockers,
  hostAllowedOperations,
  isMember,
  memberRedirect,
  predictPoolMigrate,
  predictStart,
  predictStartOn,
} from './pool-rules.ts';
