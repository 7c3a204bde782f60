// Public names of the fault proxy (issue 8 §4): a real HTTP proxy that injects latency, resets,
// truncated answers, 5xx answers and stalls in front of any XenAPI endpoint.
export { freshSeed, seededRandom, type Random } from './seeded-random.ts';
export {
  FaultSpecError,
  NO_FAULTS,
  parseFaultSpec,
  validateFaultSpec,
  type ErrorStatusSpec,
  type FaultSpec,
  type LatencySpec,
  type ResetPhase,
} from './fault-spec.ts';
export { decideFault, DEFAULT_ERROR_STATUSES, type FaultDecision, type FaultKind } from './decide-fault.ts';
export { rpcMethodOf } from './rpc-method-of.ts';
export {
  startFaultProxy,
  type FaultEvent,
  type FaultEventKind,
  type FaultProxy,
  type FaultProxyOptions,
  type FaultProxyStats,
} from './fault-proxy.ts';
