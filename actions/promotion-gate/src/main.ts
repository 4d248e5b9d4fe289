import {
  conclude,
  connectAzure,
  info,
  readInputs,
  runnerContext,
  setOutputs,
  type InputValues,
  type StepContext,
  usableToken,
} from '@mlops-actions/action-kit';
import { parseModelRef } from '@mlops-actions/azureml/grammar';
import { evaluateGate, gitHubReads, policyFor, type TicketApi } from '@mlops-actions/gates';
import { definition } from './definition.ts';
import { gateSummary } from './summary.ts';

type Inputs = InputValues<typeof definition.inputs>;

export async function main(step: StepContext): Promise<void> {
  const inputs = await readInputs(definition);
  const model = inputs.model ? parseModelRef(inputs.model) : undefined;
  const modelKey = model && `${model.name}:${model.version}`;
  const run = runnerContext();
  const [owner = '', repo = ''] = (run.repository ?? '').split('/');
  const token = usableToken(inputs['github-token']) ?? '';

  // Signed in for one read: whether the model version exists. The gate writes nothing to Azure.
  const azure = await connectAzure(inputs, step);
  const registry = model && {
    exists: async () =>
      Boolean(await azure.azureml.getModelVersion(azure.client, model.name, model.version)),
  };
  const github = gitHubReads({
    owner,
    repo,
    runId: Number(run.runId ?? 0),
    token,
    apiUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
  });
  const report = await evaluateGate(
    {
      target: inputs.target,
      model: modelKey,
      changeTicket: inputs['change-ticket'],
      ref: run.ref ?? '',
      triggeringActor: run.triggeringActor ?? run.actor ?? '',
      policy: policyFor(inputs.target, {
        ticketPattern: new RegExp(inputs['ticket-pattern']),
        ticketApi: ticketApi(inputs),
        passedEnvironment: inputs['passed-environment'],
        approvalEnvironments: inputs['approval-environments']
          ?.split(',')
          .map((e) => e.trim())
          .filter(Boolean),
        requiredApprovals: inputs['required-approvals'],
        checkProtection: inputs['check-protection'],
      }),
    },
    { github, registry },
  );

  const failedChecks = report.checks.filter((c) => !c.passed);
  for (const check of report.checks)
    info(`${check.passed ? 'pass' : 'FAIL'} ${check.name}: ${check.detail}`);
  const reason = failedChecks.map((c) => `${c.name}: ${c.detail}`).join('\n');
  setOutputs(definition, { passed: String(report.passed), reason, report: JSON.stringify(report) });
  conclude(
    gateSummary(report),
    report.passed
      ? undefined
      : {
          what: `${modelKey ? `promotion of ${modelKey}` : 'restore'} to ${inputs.target} refused by ${failedChecks.length} of ${report.checks.length} checks`,
          detail: reason,
        },
    { environment: inputs.target, model, changeTicket: inputs['change-ticket'] },
  );
}

function ticketApi(inputs: Inputs): TicketApi | undefined {
  const url = inputs['ticket-api-url'];
  if (!url) return undefined;
  const token = inputs['ticket-api-token'];
  return token
    ? { url, auth: { kind: 'bearer', token } }
    : {
        url,
        auth: {
          kind: 'basic',
          user: inputs['ticket-api-user'] ?? '',
          password: inputs['ticket-api-password'] ?? '',
        },
      };
}
