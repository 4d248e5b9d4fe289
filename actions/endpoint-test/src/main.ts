import {
  conclude,
  connectAzure,
  readInputs,
  repositoryRoot,
  setOutputs,
  setSecret,
  type StepContext,
} from '@mlops-actions/action-kit';
import { readCases } from './cases.ts';
import { commandRunner } from './command.ts';
import { definition } from './definition.ts';
import { endpointTestSummary } from './summary.ts';

export async function main(step: StepContext): Promise<void> {
  const inputs = await readInputs(definition);
  const azure = await connectAzure(inputs, step);
  const command = inputs.command;
  // Every case is read and checked before the endpoint is asked anything.
  const tests =
    command === undefined
      ? {
          kind: 'cases' as const,
          cases: await readCases(azure.azureml, inputs.tests ?? '', inputs['request-timeout']),
        }
      : { kind: 'command' as const, run: commandRunner(command, repositoryRoot(), step.signal) };

  const { report, failure } = await azure.azureml.testEndpoint(
    azure.client,
    {
      endpointName: inputs['endpoint-name'],
      deployment: inputs['deployment-name'],
      tests,
      onSecret: setSecret,
    },
    azure.context,
  );
  if (report) {
    setOutputs(definition, {
      passed: String(report.passed),
      cases: String(report.cases.length),
      failed: String(report.cases.filter((c) => !c.passed).length),
      report: JSON.stringify(report),
    });
  }
  conclude(report && endpointTestSummary(report, failure), failure, {
    endpoint: inputs['endpoint-name'],
    deployment: inputs['deployment-name'],
  });
}
