// Public names of the fault proxy (issue 8 §4): a real HTTP proxy that injects latency, resets,
// truncated answers, 5xx answers and stalls in front of any XenAPI endpoint.
export { freshSeed, seededRandom, type Random } from './seeded-random.ts';
export { FaultSpecError, parseFaultSpec, type FaultSpec } from './fault-spec.ts';
export { decideFault, DEFAULT_ERROR_STATUSES } from './decide-fault.ts';
export { startFaultProxy, type FaultProxy } from './fault-proxy.ts';
