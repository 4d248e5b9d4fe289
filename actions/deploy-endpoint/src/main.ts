import {
  conclude,
  connectAzure,
  readInputs,
  readScoringCase,
  repositoryRoot,
  setOutputs,
  setSecret,
  warning,
  type StepContext,
} from '@mlops-actions/action-kit';
import { deployAuditSubject } from './audit.ts';
import { definition } from './definition.ts';
import { deploymentSpecFrom } from './deployment-spec.ts';
import { modelRefFrom } from './model-ref.ts';
import { deploySummary } from './summary.ts';

const AUTH_MODES = { key: 'Key', aml_token: 'AMLToken' } as const;

export async function main(step: StepContext): Promise<void> {
  const inputs = await readInputs(definition);
  const azure = await connectAzure(inputs, step);
  // Every file the step reads is read and checked before anything touches Azure.
  const spec = await deploymentSpecFrom(azure.azureml, inputs);
  const model = modelRefFrom(inputs, spec.model, spec.localModel !== undefined);
  const smokeFile = inputs['smoke-test-file'];
  const expectFile = inputs['smoke-test-expect'];
  const smokeTest =
    smokeFile === undefined
      ? undefined
      : await readScoringCase(
          azure.azureml,
          { input: 'smoke-test-file', file: smokeFile },
          expectFile === undefined ? undefined : { input: 'smoke-test-expect', file: expectFile },
          inputs['smoke-test-timeout'],
        );
  if (!smokeTest) warning('No smoke-test-file: the deployment gets its traffic untested.');

  const { report, failure } = await azure.azureml.deployToEndpoint(
    azure.client,
    {
      endpointName: inputs['endpoint-name'],
      authMode: AUTH_MODES[inputs['auth-mode']],
      model,
      spec,
      root: repositoryRoot(),
      deploymentName: inputs['deployment-name'],
      traffic: inputs.traffic,
      smokeTest,
      pollIntervalMs: inputs['poll-interval'],
      timeoutMs: inputs.timeout,
      onSecret: setSecret,
    },
    azure.context,
  );
  if (report && !failure) {
    setOutputs(definition, {
      'endpoint-name': report.endpoint,
      'deployment-name': report.deployment,
      'scoring-uri': report.scoringUri ?? '',
      'previous-deployment': report.previousDeployment,
      traffic: report.trafficAfter,
      'smoke-test-latency-ms': report.smokeTest ? String(report.smokeTest.latencyMs) : '',
    });
  }
  conclude(report && deploySummary(report, failure), failure, deployAuditSubject(report));
}
