// Release awareness (SEMANTICS.md §10): which release a software_version stands for, and what it serves.
import { describe, expect, it } from 'vitest';
import {
  findRelease,
  latestRelease,
  releaseAtLeast,
  releaseOf,
  SCHEMA,
  servedIn,
} from '../../src/xapi/index.ts';

describe('releaseOf (host.software_version "xapi")', () => {
  it('maps major.minor to the newest release of that line', () => {
    expect(releaseOf('24.19').code).toBe('24.19.1');
    expect(releaseOf('25.6').code).toBe('25.6.0');
    expect(releaseOf('26.1').code).toBe('26.1.0');
    // xapi_build carries the patch: XCP-ng 8.3 at GA is 24.19.2, which the datamodel knows as 24.19.1.
    expect(releaseOf('24.19.2').code).toBe('24.19.1');
    expect(releaseOf('25.7.1').code).toBe('25.7.0');
    // A minor without its own datamodel entry is the newest one before it.
    expect(releaseOf('24.30').code).toBe('24.28.0');
  });

  it('treats a release newer than any known as the newest, and says so', () => {
    const r = releaseOf('99.3');
    expect(r.code).toBe(latestRelease().code);
    expect(r.beyondKnown).toBe(true);
    expect(releaseOf('26.1').beyondKnown).toBe(false);
    const latest = latestRelease();
    expect(releaseOf(`${String(latest.xapi?.[0])}.${String(latest.xapi?.[1])}`).beyondKnown).toBe(false);
  });

  it('assumes the newest for text that is not a version, flagged unknown', () => {
    for (const t of ['', 'xapi-harness', '8.4-beta']) {
      const r = releaseOf(t);
      expect(r.index).toBe(SCHEMA.releases.length - 1);
      expect(r.unknown).toBe(true);
    }
  });

  it('gives a code-named release for an xapi older than every numbered one', () => {
    const r = releaseOf('1.249');
    expect(r.xapi).toBeUndefined();
    expect(r.index).toBeLessThan(findRelease('1.250.0')?.index ?? -1);
  });
});

describe('findRelease', () => {
  it('knows latest, code names and versions', () => {
    expect(findRelease('latest')?.index).toBe(SCHEMA.releases.length - 1);
    expect(findRelease('stockholm')?.code).toBe('stockholm');
    expect(findRelease('24.19')?.code).toBe('24.19.1');
    expect(findRelease('25.6')?.xapi).toEqual([25, 6, 0]);
    expect(findRelease('no-such-release')).toBeUndefined();
  });

  it('orders releases oldest first', () => {
    const order = ['stockholm', '24.19', '25.6', '26.1', 'latest'].map((n) => findRelease(n)?.index ?? -1);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(new Set(order).size).toBe(order.length);
  });
});

describe('servedIn (datamodel lifecycle)', () => {
  const r = (n: string) => {
    const x = findRelease(n);
    if (x === undefined) throw new Error(n);
    return x;
  };

  it('Caller and Rate_limit are absent on every shipped 25.x and 26.1', () => {
    for (const rel of ['24.19', '25.6', '25.27', '26.1']) {
      expect(servedIn(r(rel), 'class', 'Caller')).toBe(false);
      expect(servedIn(r(rel), 'class', 'Rate_limit')).toBe(false);
      expect(servedIn(r(rel), 'message', 'Caller.get_all_records')).toBe(false);
    }
    expect(servedIn(r('26.17.0'), 'class', 'Caller')).toBe(true);
  });

  it('Host_driver and Driver_variant are served from 25.2', () => {
    expect(servedIn(r('24.19'), 'class', 'Host_driver')).toBe(false);
    expect(servedIn(r('24.37'), 'class', 'Driver_variant')).toBe(false);
    expect(servedIn(r('25.2'), 'class', 'Host_driver')).toBe(true);
    expect(servedIn(r('25.6'), 'class', 'Driver_variant')).toBe(true);
    expect(servedIn(r('25.6'), 'message', 'Host_driver.get_all_records')).toBe(true);
    expect(servedIn(r('24.19'), 'message', 'Host_driver.get_all_records')).toBe(false);
    expect(servedIn(r('24.19'), 'field', 'Host_driver.uuid')).toBe(false);
  });

  it('old classes, messages and fields are served everywhere since they appeared', () => {
    for (const rel of ['24.19', '25.6', '26.1', 'latest']) {
      expect(servedIn(r(rel), 'class', 'VM')).toBe(true);
      expect(servedIn(r(rel), 'message', 'VM.start')).toBe(true);
      expect(servedIn(r(rel), 'message', 'VM_start')).toBe(true);
      expect(servedIn(r(rel), 'field', 'VM.domain_type')).toBe(true);
    }
    // VM.domain_type: prototyped in jura, so not in the releases before it.
    expect(servedIn(r('inverness'), 'field', 'VM.domain_type')).toBe(false);
    expect(servedIn(r('jura'), 'field', 'VM.domain_type')).toBe(true);
  });

  it('a removed message stops being served at its removal', () => {
    // VDI.resize_online: removed in inverness, published again after 26.16.1.
    expect(servedIn(r('ely'), 'message', 'VDI.resize_online')).toBe(true);
    expect(servedIn(r('inverness'), 'message', 'VDI.resize_online')).toBe(false);
    expect(servedIn(r('26.1'), 'message', 'VDI.resize_online')).toBe(false);
    expect(servedIn(r('26.17.0'), 'message', 'VDI.resize_online')).toBe(true);
  });

  it('unknown names are not served', () => {
    expect(servedIn(r('latest'), 'class', 'Nope')).toBe(false);
    expect(servedIn(r('latest'), 'message', 'VM.nope')).toBe(false);
    expect(servedIn(r('latest'), 'field', 'VM.nope')).toBe(false);
    expect(servedIn(r('latest'), 'field', 'VM')).toBe(false);
  });
});

describe('releaseAtLeast (SEMANTICS.md §10 version rules)', () => {
  it('compares xapi versions, code-named releases being older', () => {
    expect(releaseAtLeast(releaseOf('24.19'), '24.29.0')).toBe(false);
    expect(releaseAtLeast(releaseOf('24.31'), '24.29.0')).toBe(true);
    // The datamodel has no 24.29 entry: the stated version decides, not the release it maps to (24.28.0).
    expect(releaseOf('24.29').code).toBe('24.28.0');
    expect(releaseAtLeast(releaseOf('24.29'), '24.29.0')).toBe(true);
    expect(releaseAtLeast(releaseOf('24.28'), '24.29.0')).toBe(false);
    expect(releaseAtLeast(releaseOf('25.6'), '25.27.0')).toBe(false);
    expect(releaseAtLeast(releaseOf('25.27'), '25.27.0')).toBe(true);
    expect(releaseAtLeast(releaseOf('99.0'), '25.27.0')).toBe(true);
    expect(releaseAtLeast(findRelease('stockholm') ?? latestRelease(), '1.250.0')).toBe(false);
    expect(() => releaseAtLeast(releaseOf('25.6'), 'nile')).toThrow(/not a xapi version/);
  });
});
