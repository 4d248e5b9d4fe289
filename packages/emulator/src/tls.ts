import { randomUUID } from 'node:crypto';
import { generate } from 'selfsigned';

export interface TlsMaterial {
  caCertPem: string;
  certPem: string;
  keyPem: string;
}

/**
 * A throwaway CA and a leaf for 127.0.0.1/localhost signed by it. Clients trust the CA (not the
 * leaf) the way they trust a real one, through NODE_EXTRA_CA_CERTS or the default CA list.
 * EC keys keep start-up fast. Each CA gets a unique name: a process that trusts several
 * emulators finds a leaf's issuer by name, and two CAs with one name would shadow each other.
 */
export async function createTlsMaterial(): Promise<TlsMaterial> {
  const notBeforeDate = new Date(Date.now() - 60 * 60 * 1000);
  const ca = await generate(
    [{ name: 'commonName', value: `mlops-actions emulator CA ${randomUUID()}` }],
    {
      keyType: 'ec',
      algorithm: 'sha256',
      notBeforeDate,
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        {
          name: 'keyUsage',
          keyCertSign: true,
          cRLSign: true,
          digitalSignature: true,
          critical: true,
        },
      ],
    },
  );
  const leaf = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  return { caCertPem: ca.cert, certPem: leaf.cert, keyPem: leaf.private };
}
