import type { CloudConfig } from '../types.ts';

export const DEFAULT_ARM_ENDPOINT = 'https://management.azure.com';
export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';

/** Authority hosts of the public Azure clouds; MSAL can run instance discovery only for these. */
const PUBLIC_AUTHORITY_HOSTS = new Set([
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.chinacloudapi.cn',
]);

/** Builds a CloudConfig from optional values; empty strings count as absent (unset action inputs). */
export function cloudFromInputs(inputs: {
  armEndpoint?: string;
  authorityHost?: string;
}): CloudConfig {
  return {
    armEndpoint: httpsUrl('armEndpoint', inputs.armEndpoint, DEFAULT_ARM_ENDPOINT),
    authorityHost: httpsUrl('authorityHost', inputs.authorityHost, DEFAULT_AUTHORITY_HOST),
  };
}

export function isPublicAuthorityHost(authorityHost: string): boolean {
  return PUBLIC_AUTHORITY_HOSTS.has(new URL(authorityHost).hostname.toLowerCase());
}

function httpsUrl(field: string, value: string | undefined, fallback: string): string {
  const text = value?.trim() || fallback;
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:') {
    throw new Error(`${field}: expected an https:// URL, given ${JSON.stringify(text)}`);
  }
  return text.replace(/\/+$/, '');
}
