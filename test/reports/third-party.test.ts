import { describe, expect, test } from 'vitest';
import { REPORT_CSP, findThirdPartyUrls, stripThirdParty } from '../../reports/allure/index.ts';

const PAGE = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>r</title>
<link rel="preconnect" href="https://fonts.googleapis.com">
<link href="https://fonts.googleapis.com/css2?family=Inter" rel="stylesheet">
<link rel="icon" href="data:image/svg+xml,%3Csvg%3E%3C/svg%3E">
<style>@import url("https://fonts.example.com/x.css"); body{background:url(https://cdn.example.com/bg.png)} .a{background:url(data:image/png;base64,AAAA)}</style>
<script src="app-123.js"></script>
<script src="data:text/javascript;base64,Y29uc29sZS5sb2coMSk="></script>
</head><body><a href="https://allurereport.org">Powered by</a>
<img src="//tracker.example.net/pixel.gif" alt="">
<script src="http://127.0.0.1:4040/live.js"></script>
<script async src="https://www.googletagmanager.com/gtag/js?id=G-X"></script>
<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);} gtag('js', new Date());</script>
<script>window.allure = window.allure || {};</script>
</body></html>`;

describe('stripThirdParty', () => {
  test('finds every fetching reference to another host', () => {
    const found = findThirdPartyUrls(PAGE);
    expect(found).toEqual(
      expect.arrayContaining([
        'https://fonts.googleapis.com',
        'https://fonts.googleapis.com/css2?family=Inter',
        '//tracker.example.net/pixel.gif',
        'https://www.googletagmanager.com/gtag/js?id=G-X',
      ]),
    );
    expect(found.some((u) => u.includes('fonts.example.com'))).toBe(true);
    expect(found.some((u) => u.includes('cdn.example.com'))).toBe(true);
    expect(found.some((u) => u.startsWith('inline analytics script'))).toBe(true);
    expect(found.some((u) => u.includes('allurereport.org'))).toBe(false);
    expect(found.some((u) => u.includes('127.0.0.1'))).toBe(false);
  });

  test('removes them, keeps local and data: resources, links and other inline scripts', () => {
    const { html, removed } = stripThirdParty(PAGE);
    expect(findThirdPartyUrls(html)).toEqual([]);
    expect(removed.length).toBeGreaterThanOrEqual(7);
    expect(html).toContain('<script src="app-123.js"></script>');
    expect(html).toContain('data:text/javascript;base64');
    expect(html).toContain('href="https://allurereport.org"');
    expect(html).toContain('http://127.0.0.1:4040/live.js');
    expect(html).toContain('window.allure = window.allure || {};');
    expect(html).toContain('url(data:image/png;base64,AAAA)');
    expect(html).not.toContain('gtag(');
  });

  test('pins a Content-Security-Policy right after <meta charset>, once', () => {
    const once = stripThirdParty(PAGE).html;
    const twice = stripThirdParty(once);
    expect(twice.html).toBe(once);
    expect(twice.removed).toEqual([]);
    expect(once.split('Content-Security-Policy').length).toBe(2);
    expect(once).toMatch(/<meta charset="utf-8">\s*<meta http-equiv="Content-Security-Policy"/);
    expect(REPORT_CSP).not.toMatch(/https?:/);
  });
});
