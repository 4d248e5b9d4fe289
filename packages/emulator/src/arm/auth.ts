import { armError, type ApiRequest, type HttpError, type Principal } from '../http.ts';
import type { EmulatorState } from '../state.ts';
import { toIso } from '../clock.ts';

/** Resources whose tokens ARM accepts: the emulator itself and the public-cloud ARM audiences. */
const ARM_AUDIENCES = ['https://management.azure.com', 'https://management.core.windows.net'];

/**
 * Checks the bearer token like ARM does: issued (signed) by this emulator's Entra, for ARM, for
 * the seeded tenant, and not expired in emulated time. Returns the caller.
 */
export function authenticate(req: ApiRequest, state: EmulatorState): Principal {
  const header = req.headers.authorization ?? '';
  const token = /^Bearer (.+)$/i.exec(header)?.[1];
  if (token === undefined) {
    throw unauthorized(
      state,
      'InvalidAuthenticationToken',
      "The request has no 'Authorization: Bearer <token>' header.",
    );
  }
  const checked = state.entraKey.verify(token);
  if (!checked.ok) {
    throw unauthorized(
      state,
      'InvalidAuthenticationToken',
      `The access token is invalid: ${checked.reason}.`,
    );
  }
  const { aud, exp, tid, appid, oid } = checked.claims;
  const audience = String(aud).replace(/\/$/, '');
  if (audience !== state.url && !ARM_AUDIENCES.includes(audience)) {
    throw unauthorized(
      state,
      'InvalidAuthenticationTokenAudience',
      `The access token has an invalid audience '${String(aud)}'.`,
    );
  }
  if (tid !== state.tenantId) {
    throw unauthorized(
      state,
      'InvalidAuthenticationTokenTenant',
      `The access token is from the wrong issuer tenant '${String(tid)}'.`,
    );
  }
  const now = state.clock.now();
  if (typeof exp !== 'number' || exp * 1000 <= now) {
    throw unauthorized(
      state,
      'ExpiredAuthenticationToken',
      `The access token expiry UTC time '${toIso(Number(exp) * 1000)}' is earlier than current UTC time '${toIso(now)}'.`,
    );
  }
  return { tenantId: String(tid), appId: String(appid), objectId: String(oid) };
}

function unauthorized(state: EmulatorState, code: string, message: string): HttpError {
  return armError(401, code, message, {
    'WWW-Authenticate': `Bearer authorization_uri="${state.url}/${state.tenantId}", error="invalid_token", error_description="${message.replace(/"/g, "'")}"`,
  });
}
