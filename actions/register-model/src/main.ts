import {
  conclude,
  connectAzure,
  notice,
  readInputs,
  runnerContext,
  setOutputs,
  type InputValues,
  type StepContext,
} from '@mlops-actions/action-kit';
import { parseChampionRef } from '@mlops-actions/azureml/grammar';
import type { RegisterRequest } from '@mlops-actions/azureml';
import { definition } from './definition.ts';
import { freshnessSummary, registrationSummary } from './summary.ts';

type Inputs = InputValues<typeof definition.inputs>;

const DAY_MS = 86_400_000;

export async function main(step: StepContext): Promise<void> {
  const inputs = await readInputs(definition);
  const azure = await connectAzure(inputs, step);
  if (inputs.mode === 'latest') {
    const { report, failure } = await azure.azureml.checkModelFreshness(
      azure.client,
      { name: inputs['model-name'], staleAfterMs: inputs['stale-after'] },
      azure.context,
    );
    if (report) {
      setOutputs(definition, {
        'model-name': inputs['model-name'],
        'model-version': report.model?.version ?? '',
        'model-id': report.model?.id ?? '',
        stale: String(report.stale),
        'age-days': report.ageMs === undefined ? '' : (report.ageMs / DAY_MS).toFixed(1),
      });
    }
    conclude(report && freshnessSummary(inputs['model-name'], report), failure, {
      model: report?.model,
    });
    return;
  }
  const { report, failure } = await azure.azureml.registerModelVersion(
    azure.client,
    registerRequest(inputs),
    azure.context,
  );
  if (report) {
    const { model, comparison } = report;
    setOutputs(definition, {
      'model-name': model.name,
      'model-version': model.version,
      'model-id': model.id,
      created: String(report.created),
    });
    if (comparison?.noChampion) {
      notice(`No champion to compare with (${comparison.noChampion}): ${model.id} wins.`);
    }
    if (comparison) {
      setOutputs(definition, {
        'is-better': String(comparison.isBetter),
        'challenger-metric': String(comparison.challenger.reading.value),
        'champion-metric': comparison.champion ? String(comparison.champion.reading.value) : '',
      });
    }
  }
  conclude(report && registrationSummary(report), failure, { model: report?.model });
}

function registerRequest(inputs: Inputs): RegisterRequest {
  const metric = inputs['compare-metric'];
  const against = inputs['compare-with'] && parseChampionRef(inputs['compare-with']);
  const compare =
    metric && against ? { metric, against, direction: inputs['compare-direction'] } : undefined;
  const name = inputs['model-name'];
  if (inputs.mode === 'verify') {
    return { mode: 'verify', name, version: inputs.version ?? '', ...(compare && { compare }) };
  }
  const jobName = inputs['job-name'];
  const run = runnerContext();
  return {
    mode: 'register',
    registration: {
      name,
      source: jobName
        ? { kind: 'job', jobName, outputName: inputs['output-name'] }
        : { kind: 'path', uri: inputs['model-path'] ?? '' },
      modelType: inputs['model-type'],
      version: inputs.version,
      description: inputs.description,
      tags: inputs.tags,
      properties: inputs.properties,
      lineage: { commit: run.sha, repository: run.repository, runUrl: run.runUrl },
    },
    ...(compare && { compare }),
  };
}
