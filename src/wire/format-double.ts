// Formats a float the way xapi does: OCaml `Printf.sprintf "%.16g"` (mirage/ocaml-rpc
// src/lib/xmlrpc.ml add_value, SEMANTICS.md §2 Values). C's %g rules: take the exponent X of the
// %e form with precision P-1; use %e if X < -4 or X >= P, else %f with P-1-X decimals; then strip
// trailing zeros and a trailing point. Exponents have at least two digits ("1e+20", "1e-05").

const P = 16;

export function formatDouble(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  // OCaml prints nan/inf like C; Python's xmlrpc.client and our decoder read these back.
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  const e = x.toExponential(P - 1); // "d.ddddddddddddddde±N", correctly rounded
  const ePos = e.indexOf('e');
  const exp = Number(e.slice(ePos + 1));
  if (exp < -4 || exp >= P) {
    const mantissa = stripZeros(e.slice(0, ePos));
    const sign = exp < 0 ? '-' : '+';
    const digits = String(Math.abs(exp));
    return `${mantissa}e${sign}${digits.length < 2 ? '0' + digits : digits}`;
  }
  return stripZeros(x.toFixed(P - 1 - exp));
}

function stripZeros(s: string): string {
  if (s.indexOf('.') === -1) return s;
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48 /* 0 */) end--;
  if (s.charCodeAt(end - 1) === 46 /* . */) end--;
  return s.slice(0, end);
}
