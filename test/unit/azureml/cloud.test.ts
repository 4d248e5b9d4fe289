import { expect, test } from 'vitest';
import { cloudFromInputs, isPublicAuthorityHost } from '@mlops-actions/azureml';

test('defaults to the public cloud; empty values count as absent', () => {
  const expected = {
    armEndpoint: 'https://management.azure.com',
    authorityHost: 'https://login.microsoftonline.com',
  };
  expect(cloudFromInputs({})).toEqual(expected);
  expect(cloudFromInputs({ armEndpoint: '', authorityHost: ' ' })).toEqual(expected);
});

test('trailing slashes are stripped', () => {
  expect(
    cloudFromInputs({
      armEndpoint: 'https://management.usgovcloudapi.net/',
      authorityHost: 'https://login.microsoftonline.us//',
    }),
  ).toEqual({
    armEndpoint: 'https://management.usgovcloudapi.net',
    authorityHost: 'https://login.microsoftonline.us',
  });
});

test('a value that is not an https URL names the field, the expectation and the value', () => {
  expect(() => cloudFromInputs({ armEndpoint: 'http://127.0.0.1:8443' })).toThrow(
    'armEndpoint: expected an https:// URL, given "http://127.0.0.1:8443"',
  );
  expect(() => cloudFromInputs({ authorityHost: 'login' })).toThrow(
    'authorityHost: expected an https:// URL, given "login"',
  );
});

test('instance discovery is only for the public clouds', () => {
  expect(isPublicAuthorityHost('https://login.microsoftonline.com')).toBe(true);
  expect(isPublicAuthorityHost('https://LOGIN.chinacloudapi.cn')).toBe(true);
  expect(isPublicAuthorityHost('https://127.0.0.1:8443')).toBe(false);
});
