import {
  ActionFailure,
  azureFailures,
  InputError,
  clientConfigFrom,
  notice,
  readInputs,
  runnerLogger,
  setOutputs,
} from '@mlops-actions/action-kit';
import type { ChampionComparison, ModelSource } from '@mlops-actions/azureml';
import { definition } from './definition.ts';
import { runnerLineage } from './lineage.ts';
import { registrationSummary } from './summary.ts';

export async function main(): Promise<void> {
  const inputs = await readInputs(definition);
  // The SDK is a separate chunk: loaded only once the inputs are known to be good.
  const azureml = await import('@mlops-actions/azureml');
  const reserved = Object.keys(inputs.properties ?? {}).find((key) =>
    key.startsWith(azureml.LINEAGE_PREFIX),
  );
  if (reserved) {
    throw new InputError({
      input: 'properties',
      expected: `keys that do not start with ${azureml.LINEAGE_PREFIX} (reserved for lineage)`,
      given: JSON.stringify(reserved),
    });
  }
  const config = clientConfigFrom(inputs);
  const client = azureml.createMachineLearningClient(config);
  const logger = runnerLogger();
  const { failed } = azureFailures(config, azureml.azureFailureDetails);
  const name = inputs['model-name'];

  let model;
  let created = false;
  if (inputs.mode === 'verify') {
    const version = inputs.version ?? '';
    model = await azureml
      .getModelVersion(client, name, version)
      .catch(failed(`Could not read model ${name} version ${version}`));
    if (!model)
      throw new ActionFailure(`model ${name} version ${version} not found — run training first`);
    logger.info(`Model ${model.id} exists.`);
  } else {
    const jobName = inputs['job-name'];
    const source: ModelSource = jobName
      ? { kind: 'job', jobName, outputName: inputs['output-name'] }
      : { kind: 'path', uri: inputs['model-path'] ?? '' };
    ({ model, created } = await azureml
      .registerModel(
        client,
        {
          name,
          source,
          modelType: inputs['model-type'],
          version: inputs.version,
          description: inputs.description,
          tags: inputs.tags,
          properties: inputs.properties,
          lineage: runnerLineage(process.env),
        },
        logger,
      )
      .catch(failed(`Could not register model ${name}`)));
  }
  setOutputs(definition, {
    'model-name': model.name,
    'model-version': model.version,
    'model-id': model.id,
    created: String(created),
  });

  let comparison: ChampionComparison | undefined;
  const metric = inputs['compare-metric'];
  const against = inputs['compare-with'] && azureml.parseChampionRef(inputs['compare-with']);
  if (metric && against) {
    comparison = await azureml
      .compareWithChampion(
        client,
        { challenger: model, against, metric, direction: inputs['compare-direction'] },
        logger,
      )
      .catch(failed(`Could not compare model ${model.id} with ${inputs['compare-with']}`));
    if (comparison.noChampion) {
      notice(`No champion to compare with (${comparison.noChampion}): ${model.id} wins.`);
    }
    setOutputs(definition, {
      'is-better': String(comparison.isBetter),
      'challenger-metric': String(comparison.challenger.reading.value),
      'champion-metric': comparison.champion ? String(comparison.champion.reading.value) : '',
    });
  }
  registrationSummary({
    model,
    created,
    mode: inputs.mode,
    lineagePrefix: azureml.LINEAGE_PREFIX,
    comparison,
  }).write();
}
