// Conformance area "pool" (suites/areas.ts; docs/SEMANTICS.md §11): each property brings a 3-host emulator of its
// own by default; against XAPI_URL it needs a target whose pool has several hosts (host.get_all).
import { describeArea } from './support/describe-properties.ts';

describeArea('pool');
