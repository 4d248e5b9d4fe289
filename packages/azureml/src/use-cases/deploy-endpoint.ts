/**
 * deploy-endpoint's use case: create or update the endpoint, create or update the blue/green
 * deployment at its current share, smoke-test it directly, and only then set the traffic. A
 * failure or a cancellation at any step before the last leaves live traffic as it was.
 */
import { formatModelRef, type ModelRef } from '../grammar/model-ref.ts';
import { getModelVersion } from '../models/models.ts';
import { DeployPlanError, planDeployment } from '../online/deploy-plan.ts';
import { toDeploymentResource } from '../online/deployment-resource.ts';
import { applyDeployment, DeploymentFailedError, listDeployments } from '../online/deployments.ts';
import { ensureEndpoint, getEndpoint } from '../online/endpoints.ts';
import {
  runSmokeTest,
  scoringTarget,
  type SmokeTest,
  type SmokeTestResult,
} from '../online/smoke-test.ts';
import { setTraffic } from '../online/traffic.ts';
import { describeTraffic } from '../grammar/text.ts';
import { inGroup } from '../log-group.ts';
import type { DeploymentSpec } from '../specs/deployment-spec.ts';
import { failureFrom } from '../transport/azure-error.ts';
import { LocalAssets } from '../uploads/local-assets.ts';
import type { MachineLearningClient } from '../transport/client.ts';
import { CancelledError } from '../transport/waits.ts';
import type {
  DeploymentSnapshot,
  Failure,
  Logger,
  Outcome,
  UseCaseContext,
  WaitOptions,
} from '../types.ts';

export interface DeployRequest {
  endpointName: string;
  /** For a new endpoint; an existing one keeps its mode. */
  authMode: 'Key' | 'AMLToken';
  /** The registered version to serve; undefined: the spec's local model (`model: {path}`). */
  model?: ModelRef | undefined;
  spec: DeploymentSpec;
  /** The checked-out repository: local paths of the spec may not leave it. */
  root?: string | undefined;
  /** Default: the deployment serving this model already, else the colour that is not live. */
  deploymentName?: string | undefined;
  /** The new deployment's share of live traffic once its smoke test passed, in percent. */
  traffic?: number | undefined;
  smokeTest?: SmokeTest | undefined;
  pollIntervalMs: number;
  /** One deadline for every long-running operation of the deploy. */
  timeoutMs: number;
  /** The endpoint's key or token, handed over before it is used so the caller can mask it. */
  onSecret: (secret: string) => void;
}

export interface DeployReport {
  endpoint: string;
  scoringUri?: string;
  authMode?: string;
  endpointCreated?: boolean;
  /** azureml:name:version */
  model: string;
  deployment: string;
  /** The deployment with the most live traffic other than this one; '' when none. */
  previousDeployment: string;
  /** The deployments as they are now (the new one included once it exists). */
  deployments: DeploymentSnapshot[];
  /** Undefined when the endpoint did not exist before. */
  trafficBefore?: Record<string, number>;
  trafficAfter: Record<string, number>;
  /** Undefined when no smoke test ran (none asked for, or the deploy stopped first). */
  smokeTest?: SmokeTestResult;
  /** One sentence on how it ended, when it succeeded ('' when it failed: the failure says it). */
  outcome: string;
  /** Container log lines of a deployment that failed to provision. */
  logs?: string;
}

/** Said by every failure that stops before the traffic is set. */
export const TRAFFIC_UNTOUCHED = 'Live traffic was left as it was';

/** Thrown inside the use case to end it with a failure; caught once, at its top. */
class Stop extends Error {
  readonly failure: Failure;

  constructor(failure: Failure) {
    super(failure.what);
    this.failure = failure;
  }
}

export async function deployToEndpoint(
  client: MachineLearningClient,
  request: DeployRequest,
  { logger, signal }: UseCaseContext,
): Promise<Outcome<DeployReport>> {
  const { endpointName } = request;
  const azure = (what: string) => (err: unknown) => {
    if (err instanceof Stop) throw err;
    if (err instanceof CancelledError) {
      throw new Stop({ what: `Cancelled while waiting: ${err.message}`, hint: TRAFFIC_UNTOUCHED });
    }
    throw new Stop(failureFrom(client, what, err));
  };

  let report: DeployReport | undefined;
  try {
    // Local model, code and environment are uploaded and registered before anything else is written.
    const { ref, spec } = await withLocalParts(
      request,
      new LocalAssets(client, { logger, signal }, { root: request.root }),
    ).catch(
      azure(
        "Could not upload or register the deployment's local model, scoring code or environment",
      ),
    );
    const modelId = formatModelRef(ref);
    const model = await getModelVersion(client, ref.name, ref.version).catch(
      azure(`Could not read model ${modelId}`),
    );
    if (!model) {
      throw new Stop({
        what: `Model ${ref.name} version ${ref.version} not found`,
        hint: 'Register it first (register-model), or check the model inputs',
      });
    }
    // Planned from what exists before anything changes, so a plan the endpoint cannot take changes nothing.
    const before = await getEndpoint(client, endpointName).catch(
      azure(`Could not read endpoint ${endpointName}`),
    );
    const deployments = before
      ? await listDeployments(client, endpointName).catch(
          azure(`Could not list the deployments of endpoint ${endpointName}`),
        )
      : [];
    const plan = planOrStop(() =>
      planDeployment({
        ...(before ? { endpoint: before } : {}),
        deployments,
        modelArmId: model.armId,
        requestedName: request.deploymentName ?? request.spec.name,
        requestedTraffic: request.traffic,
      }),
    );
    const name = plan.deploymentName;
    logger.info(
      `Deploying ${modelId} to endpoint ${endpointName} as ${name}` +
        (plan.previousDeployment ? ` (live now: ${plan.previousDeployment})` : ''),
    );
    report = {
      endpoint: endpointName,
      model: modelId,
      deployment: name,
      previousDeployment: plan.previousDeployment,
      deployments,
      ...(before ? { trafficBefore: before.traffic } : {}),
      trafficAfter: { ...before?.traffic },
      outcome: '',
    };
    const current = report;
    const deadline = Date.now() + request.timeoutMs;
    const wait = (): WaitOptions => ({
      logger,
      pollIntervalMs: request.pollIntervalMs,
      timeoutMs: Math.max(1, deadline - Date.now()),
      signal,
    });

    const { endpoint, created } = await inGroup(logger, `Endpoint ${endpointName}`, () =>
      ensureEndpoint(client, { name: endpointName, authMode: request.authMode }, wait()),
    ).catch(azure(`Could not create or update endpoint ${endpointName}`));
    Object.assign(current, {
      scoringUri: endpoint.scoringUri,
      authMode: endpoint.authMode,
      endpointCreated: created,
    });

    const body = toDeploymentResource(spec, client.workspace, endpoint.location, ref);
    const applied = await inGroup(logger, `Deployment ${name}`, () =>
      applyDeployment(client, endpointName, name, body, wait()),
    ).catch(async (err: unknown) => {
      // The summary shows the deployment as it was left: Failed, or still provisioning.
      const left = (provisioningState: string) =>
        withDeployment(deployments, { name, endpointName, provisioningState, model: model.armId });
      if (err instanceof CancelledError) current.deployments = left(err.lastState ?? 'Unknown');
      if (!(err instanceof DeploymentFailedError)) {
        return azure(`Could not create or update deployment ${name}`)(err);
      }
      current.deployments = left('Failed');
      current.logs = err.logs;
      throw new Stop(await provisioningFailure(err, logger));
    });
    current.deployments = withDeployment(deployments, applied.deployment);
    // An unchanged deployment was already reported; say only what changed.
    if (applied.changed) logger.info(`Deployment ${name} serves ${modelId}.`);

    if (request.smokeTest) {
      const scoringUri = endpoint.scoringUri;
      if (!scoringUri) throw new Stop({ what: `Endpoint ${endpointName} has no scoring URI` });
      const test = request.smokeTest;
      const result = await inGroup(logger, `Smoke test of ${name}`, () =>
        scoringTarget(client, { ...endpoint, scoringUri }, name, request.onSecret).then((target) =>
          runSmokeTest(target, test, { logger, signal }),
        ),
      ).catch(azure(`Could not smoke-test deployment ${name}`));
      current.smokeTest = result;
      if (result.problems.length > 0) {
        throw new Stop({
          what: `Smoke test of deployment ${name} on endpoint ${endpointName} failed`,
          detail: `HTTP ${result.status}: ${result.problems.join('; ')}; response: ${result.excerpt}`,
          hint: TRAFFIC_UNTOUCHED,
        });
      }
      const tries = result.attempts > 1 ? ` (attempt ${result.attempts})` : '';
      logger.info(`Smoke test passed: HTTP ${result.status} in ${result.latencyMs} ms${tries}.`);
    }

    const traffic = await inGroup(logger, `Traffic of ${endpointName}`, () =>
      setTraffic(client, endpointName, plan.traffic, wait()),
    ).catch(azure(`Could not set the traffic of endpoint ${endpointName}`));
    current.trafficAfter = traffic.after.traffic;
    current.scoringUri = traffic.after.scoringUri ?? endpoint.scoringUri;
    current.outcome = traffic.changed
      ? `Traffic set to ${describeTraffic(traffic.after.traffic)}.`
      : `Traffic already was ${describeTraffic(traffic.after.traffic)}; left unchanged.`;
    if (traffic.changed) logger.info(current.outcome);
    return { report: current };
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
    return { ...(report ? { report } : {}), failure: err.failure };
  }
}

/**
 * The model to serve and the spec with ARM ids in place of its local parts: a local model as
 * an anonymous model version, local scoring code as a code version, an inline environment as
 * a CliV2AnonymousEnvironment version (each found again, not registered twice, on a re-run).
 */
async function withLocalParts(
  request: DeployRequest,
  assets: LocalAssets,
): Promise<{ ref: ModelRef; spec: DeploymentSpec }> {
  const { localModel, localCode, inlineEnvironment, ...spec } = request.spec;
  let ref = request.model;
  if (!ref) {
    if (!localModel) throw new Stop({ what: 'No model to deploy was given', input: 'model' });
    const registered = await assets.model(localModel.path, localModel.type);
    ref = { name: registered.name, version: registered.version };
  }
  if (localCode) spec.code = (await assets.code(localCode)).id;
  if (inlineEnvironment) spec.environment = (await assets.environment(inlineEnvironment)).id;
  return { ref, spec };
}

/** A traffic request the endpoint cannot take is the request's fault, found once it was read. */
function planOrStop<T>(plan: () => T): T {
  try {
    return plan();
  } catch (err) {
    if (err instanceof DeployPlanError) throw new Stop({ what: err.message, input: 'traffic' });
    throw err;
  }
}

/**
 * A deployment that failed to provision: Azure's error, and the container's last words, which
 * usually say why (a missing package, a crash in init()). The full tail goes to the log.
 */
async function provisioningFailure(err: DeploymentFailedError, logger: Logger): Promise<Failure> {
  if (err.logs) {
    await inGroup(logger, `Container logs of ${err.deployment}`, async () => logger.info(err.logs));
  }
  return {
    what: `Deployment ${err.deployment} on endpoint ${err.endpoint} failed to provision`,
    code: err.code,
    detail: err.detail,
    hint: `${TRAFFIC_UNTOUCHED}. ${logTail(err.logs)}`,
  };
}

/** The last lines of the container logs, on one line, for the failure message. */
function logTail(logs: string, lines = 5): string {
  const tail = logs
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(-lines);
  return tail.length === 0
    ? 'The container printed no logs'
    : `Container logs end: ${tail.join(' | ')}`;
}

function withDeployment(list: DeploymentSnapshot[], d: DeploymentSnapshot): DeploymentSnapshot[] {
  const others = list.filter((x) => x.name.toLowerCase() !== d.name.toLowerCase());
  return [...others, d];
}
