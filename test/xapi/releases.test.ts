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
import type { ServedKind } from '../../src/xapi/releases.ts';

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
  /** `name` (a class, message or field) is served in every release of `served` and in none of `absent`. */
  const expectLifecycle = (
    kind: ServedKind,
    name: string,
    served: readonly string[],
    absent: readonly string[],
  ): void => {
    for (const rel of served) expect(servedIn(r(rel), kind, name), `${kind} ${name} in ${rel}`).toBe(true);
    for (const rel of absent) expect(servedIn(r(rel), kind, name), `${kind} ${name} in ${rel}`).toBe(false);
  };

  it('Caller and Rate_limit are absent on every shipped 25.x and 26.1', () => {
    const shipped = ['24.19', '25.6', '25.27', '26.1'];
    expectLifecycle('class', 'Caller', ['26.17.0'], shipped);
    expectLifecycle('class', 'Rate_limit', [], shipped);
    expectLifecycle('message', 'Caller.get_all_records', [], shipped);
  });

  it('Host_driver and Driver_variant are served from 25.2', () => {
    expectLifecycle('class', 'Host_driver', ['25.2'], ['24.19']);
    expectLifecycle('class', 'Driver_variant', ['25.6'], ['24.37']);
    expectLifecycle('message', 'Host_driver.get_all_records', ['25.6'], ['24.19']);
    expectLifecycle('field', 'Host_driver.uuid', [], ['24.19']);
  });

  it('old classes, messages and fields are served everywhere since they appeared', () => {
    const since = ['24.19', '25.6', '26.1', 'latest'];
    expectLifecycle('class', 'VM', since, []);
    expectLifecycle('message', 'VM.start', since, []);
    expectLifecycle('message', 'VM_start', since, []);
    // VM.domain_type: prototyped in jura, so not in the releases before it.
    expectLifecycle('field', 'VM.domain_type', [...since, 'jura'], ['inverness']);
  });

  it('a removed message stops being served at its removal', () => {
    // VDI.resize_online: removed in inverness, published again after 26.16.1.
    expectLifecycle('message', 'VDI.resize_online', ['ely', '26.17.0'], ['inverness', '26.1']);
  });

  it('unknown names are not served', () => {
    expectLifecycle('class', 'Nope', [], ['latest']);
    expectLifecycle('message', 'VM.nope', [], ['latest']);
    expectLifecycle('field', 'VM.nope', [], ['latest']);
    expectLifecycle('field', 'VM', [], ['latest']);
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
