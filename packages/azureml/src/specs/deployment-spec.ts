/**
 * A managed online deployment as the Azure ML CLI v2 YAML writes it, or as an action's inline
 * inputs give it: one checked shape (DeploymentSpec) with errors that name the field or input.
 */
import { z } from 'zod';
import { parseModelRef } from '../grammar/model-ref.ts';
import { DEPLOYMENT_NAME, ENDPOINT_NAME } from '../grammar/names.ts';
import type { Parsed } from '../grammar/parsed.ts';
import { SpecError } from '../grammar/spec-error.ts';
import { parseCodeRef, parseEnvironmentRef, type AssetRef } from './asset-refs.ts';
import { withoutUndefined } from '../transport/plain-data.ts';
import { INLINE_ENVIRONMENT_FORM, inlineEnvironment } from './inline-environment.ts';
import {
  isLocalPath,
  LocalPathChecker,
  localRef,
  type InlineEnvironment,
  type LocalRef,
  type SpecOptions,
} from './local-paths.ts';
import { fields, parseSpec, positiveInt, stringMap } from './yaml-spec.ts';

/** How SpecErrors about a deployment name what was checked. */
export const DEPLOYMENT_SPEC = 'deployment spec';

/** Probe settings in the CLI's units: seconds and counts. */
export interface ProbeSpec {
  initialDelay?: number;
  period?: number;
  timeout?: number;
  successThreshold?: number;
  failureThreshold?: number;
}

export interface RequestSettingsSpec {
  requestTimeoutMs?: number;
  maxConcurrentRequestsPerInstance?: number;
  maxQueueWaitMs?: number;
}

export interface DeploymentSpec {
  /** The YAML's `name` and `endpoint_name`: kept so callers can check them against their inputs. */
  name?: string;
  endpointName?: string;
  description?: string;
  tags?: Record<string, string>;
  properties?: Record<string, string>;
  /** As written: `azureml:<name>:<version>` or the ARM id of a model version. */
  model?: string;
  /** `model: {path}`: a local model file or folder, registered as an anonymous model. */
  localModel?: { path: LocalRef; type: 'custom_model' | 'mlflow_model' | 'triton_model' };
  modelMountPath?: string;
  /** As written: `azureml:<name>:<version>` or an ARM id. */
  environment?: string;
  /** An inline environment (`image` + `conda_file`, or `build`), registered anonymously. */
  inlineEnvironment?: InlineEnvironment;
  /** As written: `azureml:<name>:<version>`, an ARM id or a URI. */
  code?: string;
  /** `code_configuration.code` as a local folder, uploaded as an anonymous code version. */
  localCode?: LocalRef;
  scoringScript?: string;
  instanceType: string;
  instanceCount: number;
  environmentVariables: Record<string, string>;
  requestSettings?: RequestSettingsSpec;
  livenessProbe?: ProbeSpec;
  readinessProbe?: ProbeSpec;
  appInsightsEnabled?: boolean;
  egressPublicNetworkAccess?: 'Enabled' | 'Disabled';
}

/** Kept as written: the action resolves it to a version it reads first. */
function registeredModel(text: string): Parsed<string> {
  if (parseModelRef(text)) return { ok: true, value: text };
  return {
    ok: false,
    expected:
      'a registered model (azureml:<name>:<version> or the ARM id of a model version) or a local one: {path: ./model}',
  };
}

const localModel = fields({
  path: z.string().min(1).refine(isLocalPath, { error: 'a local file or folder' }),
  type: z.enum(['custom_model', 'mlflow_model', 'triton_model']).default('custom_model'),
  description: z.string().optional(),
});

/** Deployments run on an environment version: `@latest` would need a lookup the CLI does at deploy time. */
function parseDeploymentEnvironmentRef(text: string): Parsed<AssetRef> {
  const parsed = parseEnvironmentRef(text);
  if (parsed.ok && parsed.value.kind === 'latest') {
    return {
      ok: false,
      expected: 'a versioned environment: azureml:<name>:<version> or an ARM id (not @latest)',
    };
  }
  return parsed;
}

/**
 * A reference checked by `parse` but kept as written: the resource builder resolves it with a
 * workspace. An object in its place is an inline asset, which is named as such.
 */
function assetRef(what: string, parse: (text: string) => Parsed<unknown>) {
  return z
    .string({
      error: (issue) =>
        typeof issue.input === 'object' && issue.input !== null
          ? `a registered ${what} (inline ${what}s are not supported yet; register it and reference azureml:name:version)`
          : undefined,
    })
    .superRefine((text, ctx) => {
      const parsed = parse(text);
      if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.expected ?? `a ${what}` });
    });
}

const EGRESS = { enabled: 'Enabled', disabled: 'Disabled' } as const;

const probe = fields({
  initial_delay: z.number().int().nonnegative().optional(),
  period: positiveInt.optional(),
  timeout: positiveInt.optional(),
  success_threshold: positiveInt.optional(),
  failure_threshold: positiveInt.optional(),
}).transform((p): ProbeSpec => ({
  initialDelay: p.initial_delay,
  period: p.period,
  timeout: p.timeout,
  successThreshold: p.success_threshold,
  failureThreshold: p.failure_threshold,
}));

const deploymentSpecSchema = fields({
  $schema: z.string().optional(),
  type: z
    .literal('managed', { error: 'managed (only managed online deployments are supported)' })
    .optional(),
  // Azure refuses other names at PUT; refused here, a pull request check finds them first.
  name: z
    .string()
    .regex(DEPLOYMENT_NAME.pattern, { error: `a deployment name: ${DEPLOYMENT_NAME.rule}` })
    .optional(),
  endpoint_name: z
    .string()
    .regex(ENDPOINT_NAME.pattern, { error: `an endpoint name: ${ENDPOINT_NAME.rule}` })
    .optional(),
  description: z.string().optional(),
  tags: stringMap.optional(),
  properties: stringMap.optional(),
  model: z
    .union([assetRef('model', registeredModel), localModel], {
      error: (issue) =>
        typeof issue.input === 'string'
          ? expectedOf(registeredModel(issue.input))
          : 'a registered model (azureml:<name>:<version>) or a local one: {path: ./model}',
    })
    .optional(),
  model_mount_path: z.string().optional(),
  environment: z
    .union([assetRef('environment', parseDeploymentEnvironmentRef), inlineEnvironment], {
      error: (issue) =>
        typeof issue.input === 'string'
          ? expectedOf(parseDeploymentEnvironmentRef(issue.input))
          : `a registered environment (azureml:<name>:<version>) or an inline one: ${INLINE_ENVIRONMENT_FORM}`,
    })
    .optional(),
  code_configuration: fields({
    code: assetRef('code asset', parseCodeRef),
    scoring_script: z.string().min(1),
  }).optional(),
  instance_type: z.string({ error: 'a VM size such as Standard_DS3_v2' }).min(1),
  instance_count: z.number().int().min(1).default(1),
  environment_variables: stringMap.default({}),
  request_settings: fields({
    request_timeout_ms: positiveInt.optional(),
    max_concurrent_requests_per_instance: positiveInt.optional(),
    max_queue_wait_ms: positiveInt.optional(),
  }).optional(),
  liveness_probe: probe.optional(),
  readiness_probe: probe.optional(),
  app_insights_enabled: z.boolean().optional(),
  egress_public_network_access: z.enum(['enabled', 'disabled']).optional(),
  scale_settings: fields({
    type: z.literal('default', { error: 'default (managed deployments scale manually)' }),
  }).optional(),
})
  .superRefine((spec, ctx) => {
    // Azure runs a scoring script only inside an environment the deployment names.
    if (spec.code_configuration && !spec.environment) {
      ctx.addIssue({
        code: 'custom',
        path: ['environment'],
        message:
          'an environment (azureml:<name>:<version> or an inline one) when code_configuration is given',
      });
    }
  })
  // withoutUndefined is deep: the optional parts below come out without absent fields too.
  .transform((s): DeploymentSpec =>
    withoutUndefined({
      name: s.name,
      endpointName: s.endpoint_name,
      description: s.description,
      tags: s.tags,
      properties: s.properties,
      model: typeof s.model === 'string' ? s.model : undefined,
      localModel:
        typeof s.model === 'object'
          ? { path: localRef(s.model.path), type: s.model.type }
          : undefined,
      modelMountPath: s.model_mount_path,
      environment: typeof s.environment === 'string' ? s.environment : undefined,
      inlineEnvironment: typeof s.environment === 'object' ? s.environment : undefined,
      ...codeOf(s.code_configuration?.code),
      scoringScript: s.code_configuration?.scoring_script,
      instanceType: s.instance_type,
      instanceCount: s.instance_count,
      environmentVariables: s.environment_variables,
      requestSettings: s.request_settings && {
        requestTimeoutMs: s.request_settings.request_timeout_ms,
        maxConcurrentRequestsPerInstance: s.request_settings.max_concurrent_requests_per_instance,
        maxQueueWaitMs: s.request_settings.max_queue_wait_ms,
      },
      livenessProbe: s.liveness_probe,
      readinessProbe: s.readiness_probe,
      appInsightsEnabled: s.app_insights_enabled,
      egressPublicNetworkAccess:
        s.egress_public_network_access && EGRESS[s.egress_public_network_access],
    }),
  );

function expectedOf(parsed: Parsed<unknown>): string | undefined {
  return parsed.ok ? undefined : parsed.expected;
}

function codeOf(code: string | undefined): Pick<DeploymentSpec, 'code' | 'localCode'> {
  if (code === undefined) return {};
  const ref = parseCodeRef(code);
  return ref.ok && ref.value.kind === 'local' ? { localCode: ref.value } : { code };
}

/**
 * Parses a CLI v2 managed online deployment from YAML text or an already-parsed object. A local
 * model, scoring code folder and inline environment are resolved against `options.baseDir` and
 * checked (they exist inside `options.root` and hold something to upload).
 */
export function parseDeploymentSpec(yamlOrObject: unknown, options?: SpecOptions): DeploymentSpec {
  const spec = parseSpec(deploymentSpecSchema, yamlOrObject, DEPLOYMENT_SPEC);
  const text = typeof yamlOrObject === 'string' ? yamlOrObject : undefined;
  return checkLocalParts(spec, new LocalPathChecker(DEPLOYMENT_SPEC, text, options));
}

function checkLocalParts(spec: DeploymentSpec, check: LocalPathChecker): DeploymentSpec {
  const checked = { ...spec };
  if (spec.localModel) {
    checked.localModel = {
      ...spec.localModel,
      path: check.path(spec.localModel.path, ['model', 'path']),
    };
  }
  if (spec.localCode) {
    checked.localCode = check.path(spec.localCode, ['code_configuration', 'code'], 'folder');
  }
  if (spec.inlineEnvironment) {
    checked.inlineEnvironment = check.environment(spec.inlineEnvironment, ['environment']);
  }
  return checked;
}

/** An action's inline deployment inputs; a string instance count is read as a number. */
export interface DeploymentInputs {
  instanceType?: string;
  instanceCount?: number | string;
  environment?: string;
  code?: string;
  scoringScript?: string;
  environmentVariables?: Record<string, string>;
}

/** YAML field -> the input that feeds it, so an error names what the user wrote. */
const INPUT_OF: Record<string, string> = {
  instance_type: 'instance-type',
  instance_count: 'instance-count',
  environment: 'environment',
  code_configuration: 'code',
  'code_configuration.code': 'code',
  'code_configuration.scoring_script': 'scoring-script',
  environment_variables: 'environment-variables',
};

/**
 * Inline inputs -> the same DeploymentSpec, checked by the same rules. Errors are
 * SpecErrors whose `field` is the input's name (`instance-count`, `scoring-script`...).
 */
export function deploymentSpecFromInputs(
  inputs: DeploymentInputs,
  options?: SpecOptions,
): DeploymentSpec {
  const { code, scoringScript } = inputs;
  if (scoringScript !== undefined && code === undefined) {
    throw new SpecError({
      subject: DEPLOYMENT_SPEC,
      field: 'code',
      expected: 'a registered code asset (azureml:<name>:<version>) when scoring-script is given',
      given: 'nothing',
    });
  }
  const count = inputs.instanceCount;
  const yamlShape = withoutUndefined({
    instance_type: inputs.instanceType,
    instance_count: typeof count === 'string' && /^\d+$/.test(count.trim()) ? Number(count) : count,
    environment: inputs.environment,
    code_configuration: code === undefined ? undefined : { code, scoring_script: scoringScript },
    environment_variables: inputs.environmentVariables,
  });
  try {
    const spec = parseSpec(deploymentSpecSchema, yamlShape, DEPLOYMENT_SPEC);
    return checkLocalParts(spec, new LocalPathChecker(DEPLOYMENT_SPEC, undefined, options));
  } catch (err) {
    if (!(err instanceof SpecError)) throw err;
    const input = INPUT_OF[err.field] ?? INPUT_OF[err.field.split('.')[0] ?? ''] ?? err.field;
    throw new SpecError({ ...err, field: input });
  }
}
