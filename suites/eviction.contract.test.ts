// Conformance suite: eviction (issue 5 §3). Runs against the emulator in-process by default, or XAPI_URL.
import { EVICTION_PROPERTIES } from './properties/index.ts';
import { describeProperties } from './support/describe-properties.ts';

describeProperties('eviction', 'suites/eviction.contract.test.ts', EVICTION_PROPERTIES);
