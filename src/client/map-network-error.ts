// One place that turns whatever undici or the OS threw into a TransportError with a stable code, so no
// library error type escapes the client (undici's own advice: branch on `code`, never on `instanceof`).
import { TransportError } from '../xapi/harness-errors.ts';
import type { TransportErrorCode } from '../xapi/harness-errors.ts';

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
]);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ECONNABORTED']);
const UNREACHABLE_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL']);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);
const BAD_RESPONSE_CODES = new Set([
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_HEADERS_OVERFLOW',
  'HPE_INVALID_CONSTANT',
  'HPE_INVALID_HEADER_TOKEN',
  'HPE_INVALID_CONTENT_LENGTH',
  'HPE_UNEXPECTED_CONTENT_LENGTH',
  'HPE_INVALID_CHUNK_SIZE',
  'HPE_INVALID_STATUS',
  'HPE_INVALID_VERSION',
]);
// OpenSSL verification codes (node's tls: `err.code`) and node's own TLS codes.
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
]);

function codeOf(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null && 'code' in e) {
    const c = e.code;
    if (typeof c === 'string') return c;
  }
  return undefined;
}

function classify(code: string | undefined): TransportErrorCode {
  if (code === undefined) return 'NETWORK';
  if (code === 'ECONNREFUSED') return 'ECONNREFUSED';
  if (TIMEOUT_CODES.has(code)) return 'TIMEOUT';
  if (RESET_CODES.has(code)) return 'ECONNRESET';
  if (UNREACHABLE_CODES.has(code)) return 'EHOSTUNREACH';
  if (DNS_CODES.has(code)) return 'DNS';
  if (BAD_RESPONSE_CODES.has(code)) return 'BAD_RESPONSE';
  if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') return 'TOO_LARGE';
  if (code === 'UND_ERR_CLOSED' || code === 'UND_ERR_DESTROYED') return 'CLOSED';
  if (code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR') return 'ABORTED';
  if (TLS_CODES.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) return 'TLS';
  return 'NETWORK';
}

/** The innermost code worth reporting: connect errors can arrive wrapped (AggregateError for happy eyeballs). */
function innermostCode(e: unknown): string | undefined {
  const own = codeOf(e);
  if (own !== undefined && own !== 'UND_ERR' && own !== 'UND_ERR_SOCKET') return own;
  if (e instanceof AggregateError) {
    for (const inner of e.errors) {
      const c = codeOf(inner);
      if (c !== undefined) return c;
    }
  }
  if (e instanceof Error && e.cause !== undefined) {
    const c = codeOf(e.cause);
    if (c !== undefined) return c;
  }
  return own;
}

export function mapNetworkError(e: unknown, target: string, signal?: AbortSignal): TransportError {
  if (e instanceof TransportError) return e;
  if (signal?.aborted === true) {
    // An AbortSignal.timeout() deadline is a timeout to the caller; any other abort is an abort.
    const reason: unknown = signal.reason;
    const isTimeout = reason instanceof Error && reason.name === 'TimeoutError';
    return new TransportError(
      isTimeout ? 'TIMEOUT' : 'ABORTED',
      `${target}: request ${isTimeout ? 'timed out' : 'aborted'}`,
      {
        cause: e,
        target,
      },
    );
  }
  const detail = innermostCode(e);
  const code = classify(detail);
  const message = e instanceof Error ? e.message : String(e);
  return new TransportError(
    code,
    `${target}: ${code}${detail !== undefined && detail !== code ? ` (${detail})` : ''}: ${message}`,
    {
      cause: e,
      target,
      ...(detail === undefined ? {} : { detail }),
    },
  );
}
