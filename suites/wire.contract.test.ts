// Conformance suite: wire (issue 5 §3). Runs against the emulator in-process by default, or XAPI_URL.
import { WIRE_PROPERTIES } from './properties/index.ts';
import { describeProperties } from './support/describe-properties.ts';

describeProperties('wire', 'suites/wire.contract.test.ts', WIRE_PROPERTIES);
