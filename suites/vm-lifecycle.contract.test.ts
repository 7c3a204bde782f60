// Conformance suite: vm-lifecycle (issue 5 §3). Runs against the emulator in-process by default, or XAPI_URL.
import { VM_LIFECYCLE_PROPERTIES } from './properties/index.ts';
import { describeProperties } from './support/describe-properties.ts';

describeProperties('vm-lifecycle', 'suites/vm-lifecycle.contract.test.ts', VM_LIFECYCLE_PROPERTIES);
