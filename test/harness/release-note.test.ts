// The run says which release it held the target to, and says so loudly when the target is newer than every
// release the harness knows (issue 11 "What to build" §2).
import { describe, expect, it } from 'vitest';
import { releaseNote } from '../../src/harness/index.ts';
import { latestRelease, releaseOf } from '../../src/xapi/index.ts';

describe('releaseNote', () => {
  it('names the stated version and the datamodel release it maps to', () => {
    expect(releaseNote(releaseOf('24.19.2'))).toBe('xapi 24.19.2 (datamodel release 24.19.1)');
  });

  it('warns about a release newer than any known, checked as the newest', () => {
    const note = releaseNote(releaseOf('99.1'));
    expect(note).toContain('newer than every release this harness knows');
    expect(note).toContain(latestRelease().code);
  });

  it('says when the target states no usable version', () => {
    expect(releaseNote(releaseOf(''))).toMatch(
      /no xapi version stated: not a version, checked as the newest/,
    );
  });
});
