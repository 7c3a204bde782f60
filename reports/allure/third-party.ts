// The report must make no request to any third party (issue 6 §3). Allure 3's Awesome template hard-codes
// Google Analytics (@allurereport/plugin-awesome generators.js: `analyticsEnable: true` renders a
// googletagmanager.com script and an inline gtag() call); other plugins may link web fonts. This removes
// every element that would fetch from an absolute URL, and adds a Content-Security-Policy so that the
// browser refuses any such fetch the bundled JavaScript might still attempt.

/** Elements whose URL attribute the browser fetches by itself. `<a href>` is navigation, not a request. */
const FETCHING_TAG =
  /<(script|link|img|iframe|source|video|audio|embed|object|track|input)\b[^>]*?\s(?:src|href|data|poster|srcset)\s*=\s*(["']?)((?:https?:)?\/\/[^"'\s>]+)\2[^>]*>(?:[\s\S]*?<\/\1\s*>)?/gi;

/** Inline scripts that only exist for analytics. */
const ANALYTICS_SCRIPT =
  /<script\b[^>]*>(?:(?!<\/script)[\s\S])*?\b(?:gtag\s*\(|dataLayer|googletagmanager|google-analytics|_paq\.push|plausible)(?:(?!<\/script)[\s\S])*<\/script\s*>/gi;

/** CSS that pulls remote resources: @import url(...) and url(http...) in <style> blocks or style="". */
const CSS_REMOTE =
  /@import\s+(?:url\()?\s*["']?(?:https?:)?\/\/[^"')\s;]+["']?\s*\)?[^;]*;|url\(\s*["']?(?:https?:)?\/\/[^"')\s]+["']?\s*\)/gi;

/** Blocks every origin except the report's own files, data: and blob: URLs. */
export const REPORT_CSP =
  "default-src 'self' data: blob: 'unsafe-inline' 'unsafe-eval'; connect-src 'self' data: blob:; " +
  "img-src 'self' data: blob:; font-src 'self' data:; frame-src 'self' data: blob:; form-action 'none'";

const CSP_META = `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`;

function isLoopback(url: string): boolean {
  try {
    const host = new URL(url.startsWith('//') ? `http:${url}` : url).hostname;
    return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
  } catch {
    return false;
  }
}

/** Absolute URLs the page would fetch by itself (scripts, styles, images, fonts, frames), in order. */
export function findThirdPartyUrls(html: string): string[] {
  const urls: string[] = [];
  for (const m of html.matchAll(FETCHING_TAG)) {
    const url = m[3];
    if (url !== undefined && !isLoopback(url)) urls.push(url);
  }
  for (const m of html.matchAll(CSS_REMOTE)) urls.push(m[0]);
  for (const m of html.matchAll(ANALYTICS_SCRIPT))
    urls.push(`inline analytics script (${m[0].length} bytes)`);
  return urls;
}

interface StripResult {
  readonly html: string;
  /** What was removed, for the log. */
  readonly removed: readonly string[];
}

/** Removes remote fetches and analytics, and pins the CSP. Idempotent. */
export function stripThirdParty(html: string): StripResult {
  const removed: string[] = [];
  let out = html.replace(FETCHING_TAG, (whole, _tag: string, _q: string, url: string) => {
    if (isLoopback(url)) return whole;
    removed.push(url);
    return '';
  });
  out = out.replace(ANALYTICS_SCRIPT, (whole: string) => {
    removed.push(`inline analytics script (${whole.length} bytes)`);
    return '';
  });
  out = out.replace(CSS_REMOTE, (whole: string) => {
    removed.push(whole);
    return '';
  });
  if (!out.includes('http-equiv="Content-Security-Policy"')) {
    // After <meta charset> when there is one: the charset must stay within the first 1024 bytes.
    const anchor = /<meta\s+charset[^>]*>/i.test(out) ? /<meta\s+charset[^>]*>/i : /<head[^>]*>/i;
    out = anchor.test(out) ? out.replace(anchor, (tag) => `${tag}\n    ${CSP_META}`) : `${CSP_META}\n${out}`;
  }
  return { html: out, removed };
}
