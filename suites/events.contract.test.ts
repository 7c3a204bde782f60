// Conformance suite: events (issue 5 §3). Runs against the emulator in-process by default, or XAPI_URL.
import { EVENT_PROPERTIES } from './properties/index.ts';
import { describeProperties } from './support/describe-properties.ts';

describeProperties('events', 'suites/events.contract.test.ts', EVENT_PROPERTIES);
