// Escaping of XML character data, following xapi's encoder (mirage/ocaml-rpc src/lib/xmlrpc.ml
// `encode`): & < > " become entities; C0 control characters other than TAB, LF and CR are dropped,
// because XML 1.0 cannot carry them at all (not even as &#N;), so xapi removes them too. For the
// same reason U+FFFE and U+FFFF are dropped (xapi, working on bytes, would pass them and produce a
// document that conforming parsers, ours included, refuse).
// DEVIATION: CR is sent as "&#13;" instead of raw: XML parsers normalise a raw CR to LF (XML 1.0
// §2.11), so xapi's raw CR does not survive a round trip; the reference does.
// JS-only case: a lone UTF-16 surrogate (which xapi's byte strings cannot contain) becomes U+FFFD,
// which is what a UTF-8 encoder would send for it anyway; we do it here so the output is well-formed.

// One native scan decides whether the slow path is needed; typical XenAPI strings take the fast path.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NEEDS_WORK = /[&<>"\r\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;

export function escapeXml(s: string): string {
  if (!NEEDS_WORK.test(s)) return s;
  let out = '';
  let from = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    let rep: string | undefined;
    if (c === 38) rep = '&amp;';
    else if (c === 60) rep = '&lt;';
    else if (c === 62) rep = '&gt;';
    else if (c === 34) rep = '&quot;';
    else if (c === 13) rep = '&#13;';
    else if (c < 32) {
      if (c !== 9 && c !== 10) rep = '';
    } else if (c === 0xfffe || c === 0xffff) {
      rep = '';
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++; // a valid pair: keep both units
      } else {
        rep = '\uFFFD';
      }
    }
    if (rep !== undefined) {
      out += s.slice(from, i) + rep;
      from = i + 1;
    }
  }
  return out + s.slice(from);
}
