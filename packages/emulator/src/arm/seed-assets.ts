import type { AssetContainerRecord, WorkspaceRecord } from '../store.ts';

const SEEDED_BY = 'mlops-emulator';

/**
 * Assets every emulated workspace starts with, because the examples, e2e tests and the demo
 * reference them (`azureml:sklearn-1.5:1`, `azureml:churn-src:1`) without registering them.
 */
export function seedAssets(ws: WorkspaceRecord): void {
  const at = ws.createdAt;
  const container = (name: string, versionProperties: Record<string, unknown>) => {
    const times = { createdAt: at, createdBy: SEEDED_BY, modifiedAt: at, modifiedBy: SEEDED_BY };
    const record: AssetContainerRecord = {
      name,
      properties: { tags: {}, properties: {}, isArchived: false },
      ...times,
      versions: new Map([
        [
          '1',
          {
            version: '1',
            properties: {
              tags: {},
              properties: {},
              isArchived: false,
              isAnonymous: false,
              ...versionProperties,
            },
            ...times,
          },
        ],
      ]),
    };
    return [name.toLowerCase(), record] as const;
  };
  ws.environments.set(
    ...container('sklearn-1.5', {
      description: 'Python 3.10 with scikit-learn 1.5 and MLflow (seeded by the emulator).',
      image: 'mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest',
      condaFile:
        'name: sklearn\nchannels: [conda-forge]\ndependencies:\n  - python=3.10\n  - pip\n  - pip:\n    - scikit-learn==1.5.2\n    - mlflow-skinny\n    - azureml-inference-server-http\n',
      osType: 'Linux',
      autoRebuild: 'Disabled',
      environmentType: 'UserCreated',
    }),
  );
  ws.codes.set(
    ...container('churn-src', {
      description: 'Training and scoring code of the churn example (seeded by the emulator).',
      codeUri: `https://st${ws.name.replace(/\W/g, '')}.blob.core.windows.net/azureml-blobstore/LocalUpload/churn-src/1/`,
    }),
  );
}
