/**
 * A managed online endpoint as the Azure ML CLI v2 YAML writes it: its name by Azure's rule, its
 * auth mode, and its traffic (live shares that sum to 0 or 100, mirror shares within Azure's 50).
 */
import { z } from 'zod';
import { ENDPOINT_NAME, DEPLOYMENT_NAME } from '../grammar/names.ts';
import { fields, parseSpec, stringMap } from './yaml-spec.ts';

export const ENDPOINT_SPEC = 'endpoint spec';

const share = z.number().int().min(0).max(100);
const deploymentName = z.string().regex(DEPLOYMENT_NAME.pattern, {
  error: `a deployment name: ${DEPLOYMENT_NAME.rule}`,
});
const shares = z.record(deploymentName, share);

const endpointSpecSchema = fields({
  $schema: z.string().optional(),
  name: z
    .string()
    .regex(ENDPOINT_NAME.pattern, { error: `an endpoint name: ${ENDPOINT_NAME.rule}` }),
  description: z.string().optional(),
  tags: stringMap.optional(),
  properties: stringMap.optional(),
  auth_mode: z.enum(['key', 'aml_token', 'aad_token']).optional(),
  traffic: shares.optional(),
  mirror_traffic: shares.optional(),
  public_network_access: z.enum(['enabled', 'disabled']).optional(),
  identity: z
    .looseObject({ type: z.enum(['system_assigned', 'user_assigned', 'none']) })
    .optional(),
  kind: z.string().optional(),
}).superRefine((spec, ctx) => {
  const live = Object.values(spec.traffic ?? {}).reduce((a, b) => a + b, 0);
  if (live !== 0 && live !== 100) {
    ctx.addIssue({
      code: 'custom',
      path: ['traffic'],
      message: `live traffic that sums to 0 or 100 (it sums to ${live})`,
    });
  }
  const mirror = Object.entries(spec.mirror_traffic ?? {});
  const mirrored = mirror.reduce((a, [, b]) => a + b, 0);
  if (mirrored > 50) {
    ctx.addIssue({
      code: 'custom',
      path: ['mirror_traffic'],
      message: `mirror traffic of at most 50 in all (it sums to ${mirrored})`,
    });
  }
  const both = mirror.find(([name, value]) => value > 0 && (spec.traffic?.[name] ?? 0) > 0);
  if (both) {
    ctx.addIssue({
      code: 'custom',
      path: ['mirror_traffic', both[0]],
      message: 'a deployment that takes no live traffic (Azure cannot mirror to one that does)',
    });
  }
});

export interface EndpointSpec {
  name: string;
  authMode?: 'key' | 'aml_token' | 'aad_token';
  traffic: Record<string, number>;
  mirrorTraffic: Record<string, number>;
}

/** Parses a CLI v2 managed online endpoint from YAML text or an already-parsed object. */
export function parseEndpointSpec(yamlOrObject: unknown): EndpointSpec {
  const spec = parseSpec(endpointSpecSchema, yamlOrObject, ENDPOINT_SPEC);
  return {
    name: spec.name,
    ...(spec.auth_mode ? { authMode: spec.auth_mode } : {}),
    traffic: spec.traffic ?? {},
    mirrorTraffic: spec.mirror_traffic ?? {},
  };
}
