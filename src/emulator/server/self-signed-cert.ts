// A self-signed certificate generated at start when HTTPS is requested without --cert/--key, as a
// fresh XenServer host has a self-signed certificate of its own (Certificate class, type host).
import { generate } from 'selfsigned';

export interface TlsMaterial {
  readonly cert: string;
  readonly key: string;
}

export function selfSignedCert(hostName: string): Promise<TlsMaterial> {
  return serverCertificate(hostName);
}

/**
 * A TLS server certificate for `hostName` and the loopback names, signed by `issuer` (a CA's certificate
 * and key) or, without one, by itself.
 */
export async function serverCertificate(hostName: string, issuer?: TlsMaterial): Promise<TlsMaterial> {
  const pems = await generate([{ name: 'commonName', value: hostName }], {
    keySize: 2048,
    algorithm: 'sha256',
    ...(issuer === undefined ? {} : { ca: { cert: issuer.cert, key: issuer.key } }),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 2, value: hostName },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}
