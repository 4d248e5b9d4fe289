import {
  ActionFailure,
  azureFailures,
  InputError,
  clientConfigFrom,
  group,
  info,
  readInputs,
  runnerLogger,
  setOutputs,
  warning,
} from '@mlops-actions/action-kit';
import type { DeploymentSnapshot, WaitOptions } from '@mlops-actions/azureml';
import { definition } from './definition.ts';
import { deploymentSpecFrom } from './deployment-spec.ts';
import { modelRefFrom } from './model-ref.ts';
import { TRAFFIC_UNTOUCHED, provisioningFailure } from './provisioning-failure.ts';
import { readSmokeTest, runSmokeTest } from './smoke-test.ts';
import { deploySummary } from './summary.ts';
import type { DeployReport } from './summary.ts';

const AUTH_MODES = { key: 'Key', aml_token: 'AMLToken' } as const;

export async function main(): Promise<void> {
  const inputs = await readInputs(definition);
  // Every file the step reads is read and checked before anything touches Azure.
  const spec = await deploymentSpecFrom(inputs);
  const ref = await modelRefFrom(inputs, spec.model);
  const smoke = await readSmokeTest(inputs);

  const azureml = await import('@mlops-actions/azureml');
  const config = clientConfigFrom(inputs);
  const client = azureml.createMachineLearningClient(config);
  const { failure: azureFailure, failed } = azureFailures(config, azureml.azureFailureDetails);
  const endpointName = inputs['endpoint-name'];
  const modelId = `azureml:${ref.name}:${ref.version}`;

  const model = await azureml
    .getModelVersion(client, ref.name, ref.version)
    .catch(failed(`Could not read model ${modelId}`));
  if (!model) {
    throw new ActionFailure(`Model ${ref.name} version ${ref.version} not found`, {
      hint: 'Register it first (register-model), or check the model inputs',
    });
  }

  // Planned from what exists before anything changes, so a plan the endpoint cannot take changes nothing.
  const before = await azureml
    .getEndpoint(client, endpointName)
    .catch(failed(`Could not read endpoint ${endpointName}`));
  const deployments = before
    ? await azureml
        .listDeployments(client, endpointName)
        .catch(failed(`Could not list the deployments of endpoint ${endpointName}`))
    : [];
  const plan = planOrInputError(() =>
    azureml.planDeployment({
      ...(before ? { endpoint: before } : {}),
      deployments,
      modelArmId: model.armId,
      requestedName: inputs['deployment-name'] ?? spec.name,
      requestedTraffic: inputs.traffic,
    }),
  );
  const name = plan.deploymentName;
  info(
    `Deploying ${modelId} to endpoint ${endpointName} as ${name}` +
      (plan.previousDeployment ? ` (live now: ${plan.previousDeployment})` : ''),
  );
  if (!smoke) warning('No smoke-test-file: the deployment gets its traffic untested.');

  const abort = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    warning(`Received ${signal}: the workflow run is being cancelled.`);
    abort.abort();
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  const logger = runnerLogger();
  // One deadline for every wait of the step, as the timeout input promises.
  const deadline = Date.now() + inputs.timeout;
  const wait = (): WaitOptions => ({
    logger,
    pollIntervalMs: inputs['poll-interval'],
    timeoutMs: Math.max(1, deadline - Date.now()),
    signal: abort.signal,
  });

  const report: DeployReport = {
    endpoint: endpointName,
    model: modelId,
    deployment: name,
    deployments,
    ...(before ? { trafficBefore: before.traffic } : {}),
    trafficAfter: { ...before?.traffic },
    outcome: '',
  };
  /** Writes the summary of a step that stopped, then fails it. */
  const stop = (failure: ActionFailure): never => {
    report.outcome = `${failure.message}`;
    deploySummary(report).write();
    throw failure;
  };

  try {
    const { endpoint, created } = await group(`Endpoint ${endpointName}`, () =>
      azureml.ensureEndpoint(
        client,
        { name: endpointName, authMode: AUTH_MODES[inputs['auth-mode']] },
        wait(),
      ),
    ).catch((err: unknown) =>
      stop(azureFailure(`Could not create or update endpoint ${endpointName}`, err)),
    );
    Object.assign(report, {
      scoringUri: endpoint.scoringUri,
      authMode: endpoint.authMode,
      endpointCreated: created,
    });

    const body = azureml.toDeploymentResource(spec, config, endpoint.location, ref);
    const applied = await group(`Deployment ${name}`, () =>
      azureml.applyDeployment(client, endpointName, name, body, wait()),
    ).catch(async (err: unknown) => {
      if (!(err instanceof azureml.DeploymentFailedError)) {
        return stop(azureFailure(`Could not create or update deployment ${name}`, err));
      }
      report.deployments = withDeployment(deployments, {
        name,
        endpointName,
        provisioningState: 'Failed',
        model: model.armId,
      });
      report.logs = err.logs;
      return stop(await provisioningFailure(err));
    });
    report.deployments = withDeployment(deployments, applied.deployment);
    // An unchanged deployment or traffic was already reported by azureml; say only what changed.
    if (applied.changed) info(`Deployment ${name} serves ${modelId}.`);

    let latency: number | undefined;
    if (smoke) {
      const scoringUri = endpoint.scoringUri;
      if (!scoringUri)
        return stop(new ActionFailure(`Endpoint ${endpointName} has no scoring URI`));
      const result = await group(`Smoke test of ${name}`, () =>
        runSmokeTest(client, { ...endpoint, scoringUri }, name, {
          ...smoke,
          timeoutMs: inputs['smoke-test-timeout'],
          signal: abort.signal,
        }),
      ).catch((err: unknown) => stop(azureFailure(`Could not smoke-test deployment ${name}`, err)));
      report.smokeTest = result;
      if (result.problems.length > 0) {
        return stop(
          new ActionFailure(`Smoke test of deployment ${name} on endpoint ${endpointName} failed`, {
            detail: `HTTP ${result.status}: ${result.problems.join('; ')}; response: ${result.excerpt}`,
            hint: TRAFFIC_UNTOUCHED,
          }),
        );
      }
      latency = result.latencyMs;
      info(`Smoke test passed: HTTP ${result.status} in ${result.latencyMs} ms.`);
    }

    const traffic = await group(`Traffic of ${endpointName}`, () =>
      azureml.setTraffic(client, endpointName, plan.traffic, wait()),
    ).catch((err: unknown) =>
      stop(azureFailure(`Could not set the traffic of endpoint ${endpointName}`, err)),
    );
    report.trafficAfter = traffic.after.traffic;
    report.outcome = traffic.changed
      ? `Traffic set to ${describeTraffic(traffic.after.traffic)}.`
      : `Traffic already was ${describeTraffic(traffic.after.traffic)}; left unchanged.`;
    if (traffic.changed) info(report.outcome);

    setOutputs(definition, {
      'endpoint-name': endpointName,
      'deployment-name': name,
      'scoring-uri': traffic.after.scoringUri ?? endpoint.scoringUri ?? '',
      'previous-deployment': plan.previousDeployment,
      traffic: traffic.after.traffic,
      'smoke-test-latency-ms': latency === undefined ? '' : String(latency),
    });
    deploySummary(report).write();
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
}

/** A traffic input the endpoint cannot take is the input's fault, found once the endpoint was read. */
function planOrInputError<T>(plan: () => T): T {
  try {
    return plan();
  } catch (err) {
    if (err instanceof Error && err.name === 'DeployPlanError') {
      throw new InputError(`traffic: ${err.message}`);
    }
    throw err;
  }
}

function withDeployment(list: DeploymentSnapshot[], d: DeploymentSnapshot): DeploymentSnapshot[] {
  const others = list.filter((x) => x.name.toLowerCase() !== d.name.toLowerCase());
  return [...others, d];
}

function describeTraffic(traffic: Record<string, number>): string {
  const entries = Object.entries(traffic);
  return entries.length === 0 ? 'none' : entries.map(([d, p]) => `${d} ${p} %`).join(', ');
}
