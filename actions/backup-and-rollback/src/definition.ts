import { atMostOneOf, azureInputs, defineAction, input } from '@mlops-actions/action-kit';
import type { InputCheck } from '@mlops-actions/action-kit';
import { BACKUP_ID, ENDPOINT_NAME } from '@mlops-actions/azureml/grammar';

/** A backup is taken of the endpoint as it is: naming one makes no sense there. */
const nothingToNameInBackup: InputCheck<{
  mode: string;
  'backup-id'?: string;
  'backup-uri'?: string;
}> = (values) => {
  if (values.mode !== 'backup') return undefined;
  const named = (['backup-id', 'backup-uri'] as const).find((name) => values[name] !== undefined);
  return named
    ? {
        input: named,
        expected: 'nothing with mode backup (it takes a new backup; rollback and verify read one)',
        given: values[named] ?? '',
      }
    : undefined;
};

/** backup-and-rollback's inputs and outputs: the one source action.yml and the docs are checked against. */
export const definition = defineAction({
  name: 'backup-and-rollback',
  title: 'Azure ML endpoint backup and rollback',
  description:
    'Back up an Azure ML managed online endpoint (traffic, mirror traffic and every deployment) to the workspace blob datastore before a change; restore it exactly, in one traffic write, from a backup by id, URI or the latest of this run; or show how the endpoint differs from a backup.',
  branding: { icon: 'rotate-ccw', color: 'blue' },
  inputs: {
    ...azureInputs,
    mode: input.choice(['backup', 'rollback', 'verify'], {
      description:
        "`backup`: store the endpoint and its deployments as a canonical JSON document (refused while an unfinished rollout is on the endpoint). `rollback`: recreate or put back the backup's deployments, then restore traffic and mirror traffic in one endpoint write, verified by the sha256. `verify`: the difference between the endpoint and the backup, as a table and as JSON.",
      required: true,
    }),
    'endpoint-name': input.string({
      description: 'Name of the managed online endpoint.',
      required: true,
      pattern: ENDPOINT_NAME.pattern,
      expected: `an endpoint name (${ENDPOINT_NAME.rule})`,
    }),
    'backup-id': input.string({
      description:
        'rollback and verify: the backup to use, as the `backup-id` output of the backup mode printed it (kept in `workspaceblobstore` under `mlops-actions/backups/<endpoint>/`). Default: the latest backup this workflow run took of the endpoint.',
      pattern: BACKUP_ID.pattern,
      expected: BACKUP_ID.rule,
    }),
    'backup-uri': input.string({
      description:
        'rollback and verify: the backup as its `azureml://…/datastores/<datastore>/paths/<path>.json` URI (the `backup-uri` output), instead of `backup-id`.',
      pattern: /^azureml:\/\/\S+\.json$/i,
      expected: 'an azureml://…/datastores/<datastore>/paths/<path>.json URI',
    }),
    'missing-endpoint': input.choice(['fail', 'skip'], {
      description:
        'backup: what an endpoint that does not exist yet does. `fail`, or `skip` for a first release (no backup is taken, `backup-id` is empty, and the step succeeds).',
      default: 'fail',
    }),
    'fail-on-diff': input.boolean({
      description: 'verify: fail the step when the endpoint differs from the backup.',
      default: 'false',
    }),
    'poll-interval': input.duration({
      description:
        'How often to check a long-running deployment or endpoint operation (rollback; backup, when an operation is already running on the endpoint).',
      default: '10s',
    }),
    timeout: input.duration({
      description:
        'How long to wait for the deployment and endpoint operations together (rollback), or for an operation already running on the endpoint to end before the backup is taken.',
      default: '30m',
    }),
  },
  outputs: {
    'backup-id': { description: 'Id of the backup taken (backup) or used (rollback, verify).' },
    'backup-sha256': {
      description: "sha256 of the backup's canonical traffic, mirror traffic and deployment specs.",
    },
    'backup-uri': { description: 'The backup document as an `azureml://` datastore URI.' },
    restored: {
      description:
        'rollback: `true` when the endpoint was changed back to the backup, `false` when it already was at it; `false` in the other modes.',
    },
    diff: {
      description:
        'JSON array of the differences between the backup and the endpoint (`path`, `backup`, `live`): before the restore (rollback), now (verify); `[]` for backup.',
    },
  },
  checks: [atMostOneOf('backup-id', 'backup-uri'), nothingToNameInBackup],
});
