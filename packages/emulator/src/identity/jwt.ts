import { createPublicKey, generateKeyPairSync, randomUUID, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

export type Claims = Record<string, unknown>;

export type Verification = { ok: true; claims: Claims } | { ok: false; reason: string };

/** An RS256 key that signs and verifies compact JWTs, with its public JWK for jwks_uri. */
export interface Signer {
  readonly kid: string;
  sign(claims: Claims): string;
  /** Checks the signature only; callers judge the claims (exp, aud, iss) against their rules. */
  verify(token: string): Verification;
  jwk(): Record<string, unknown>;
}

const base64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');

export function createSigner(): Signer {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomUUID();
  return {
    kid,
    sign: (claims) => signJwt(claims, kid, privateKey),
    verify: (token) => verifyJwt(token, kid, publicKey),
    jwk: () => ({
      ...createPublicKey(publicKey).export({ format: 'jwk' }),
      kid,
      use: 'sig',
      alg: 'RS256',
    }),
  };
}

function signJwt(claims: Claims, kid: string, key: KeyObject): string {
  const head = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const body = base64url(JSON.stringify(claims));
  const signature = sign('sha256', Buffer.from(`${head}.${body}`), key);
  return `${head}.${body}.${base64url(signature)}`;
}

function verifyJwt(token: string, kid: string, key: KeyObject): Verification {
  const parts = token.split('.');
  const [head, body, signature] = parts;
  if (parts.length !== 3 || head === undefined || body === undefined || signature === undefined) {
    return { ok: false, reason: 'not a compact JWT (three dot-separated parts)' };
  }
  let header: Claims;
  let claims: Claims;
  try {
    header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as Claims;
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Claims;
  } catch {
    return { ok: false, reason: 'header or payload is not base64url JSON' };
  }
  if (header.alg !== 'RS256' || header.kid !== kid) {
    return { ok: false, reason: 'signed by an unknown key' };
  }
  const valid = verify(
    'sha256',
    Buffer.from(`${head}.${body}`),
    key,
    Buffer.from(signature, 'base64url'),
  );
  return valid ? { ok: true, claims } : { ok: false, reason: 'signature does not match' };
}

/** Decodes the payload without checking anything (for tests and error messages). */
export function decodeJwt(token: string): Claims {
  const body = token.split('.')[1];
  if (body === undefined)
    throw new Error(`token: expected a compact JWT, got ${token.length} chars without dots`);
  return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Claims;
}
