// Conformance suite: schema (issue 5 §3). Runs against the emulator in-process by default, or XAPI_URL.
import { SCHEMA_PROPERTIES } from './properties/index.ts';
import { describeProperties } from './support/describe-properties.ts';

describeProperties('schema', 'suites/schema.contract.test.ts', SCHEMA_PROPERTIES);
