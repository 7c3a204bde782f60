// Conformance suite: sessions (issue 5 §3). Runs against the emulator in-process by default, or XAPI_URL.
import { SESSION_PROPERTIES } from './properties/index.ts';
import { describeProperties } from './support/describe-properties.ts';

describeProperties('sessions', 'suites/sessions.contract.test.ts', SESSION_PROPERTIES);
