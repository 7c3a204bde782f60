import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, test } from 'vitest';
import { renderJunit, xmlEscape } from '../../reports/junit/index.ts';

const base = { start: 1000, stop: 3500, steps: [] };

describe('JUnit from Allure results', () => {
  test('failed → failure, broken → error, skipped → skipped; one suite per epic', () => {
    const { xml, summary } = renderJunit([
      { ...base, uuid: 'a', name: 'ok', status: 'passed', labels: [{ name: 'epic', value: 'sessions' }] },
      {
        ...base,
        uuid: 'b',
        name: 'violation <1>',
        status: 'failed',
        labels: [
          { name: 'epic', value: 'sessions' },
          { name: 'feature', value: 'session' },
          { name: 'failure_kind', value: 'contract-violation' },
        ],
        statusDetails: { message: 'CONTRACT VIOLATION: x & y\nmore', trace: 'at z' },
        steps: [
          {
            name: 'session.login_with_password → ok',
            status: 'passed',
            parameters: [{ name: '#1', value: 'secret', mode: 'masked' }],
          },
        ],
      },
      {
        ...base,
        uuid: 'c',
        name: 'no answer',
        status: 'broken',
        labels: [{ name: 'epic', value: 'events' }],
        statusDetails: { message: 'TRANSPORT FAILURE' },
      },
      {
        ...base,
        uuid: 'd',
        name: 'deviation',
        status: 'skipped',
        labels: [{ name: 'epic', value: 'events' }],
      },
    ]);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(summary).toEqual({ tests: 4, failures: 1, errors: 1, skipped: 1 });
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as {
      testsuites: { testsuite: { name: string; tests: string; testcase: unknown }[] };
    };
    expect(doc.testsuites.testsuite.map((s) => [s.name, s.tests])).toEqual([
      ['events', '2'],
      ['sessions', '2'],
    ]);
    expect(xml).toContain('<failure message="CONTRACT VIOLATION: x &amp; y" type="contract-violation">');
    expect(xml).toContain('classname="sessions.session"');
    expect(xml).toContain('time="2.500"');
    expect(xml).not.toContain('secret');
  });

  test('characters XML cannot carry are replaced, not emitted', () => {
    const escaped = xmlEscape('a\u0000b\u0007c\uFFFEd <&"> \uD800');
    expect(escaped).toBe('a\uFFFDb\uFFFDc\uFFFDd &lt;&amp;&quot;&gt; \uFFFD');
    const { xml } = renderJunit([
      {
        ...base,
        uuid: 'x',
        name: 'bad\u0001name',
        status: 'failed',
        labels: [],
        statusDetails: { message: '\u001b[31mred' },
      },
    ]);
    expect(XMLValidator.validate(xml)).toBe(true);
  });
});
