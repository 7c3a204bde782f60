// Conformance suite: errors (issue 5 §3). Runs against the emulator in-process by default, or XAPI_URL.
import { ERROR_PROPERTIES } from './properties/index.ts';
import { describeProperties } from './support/describe-properties.ts';

describeProperties('errors', 'suites/errors.contract.test.ts', ERROR_PROPERTIES);
