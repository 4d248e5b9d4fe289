import {
  artifactStoreFor,
  auditDir,
  readAuditRecords,
  setOutputs,
  warning,
  type InputValues,
} from '@mlops-actions/action-kit';
import { definition } from './definition.ts';
import { auditSummary } from './audit-summary.ts';

type Inputs = InputValues<typeof definition.inputs>;

/** `mode: audit`: this job's audit records into the artifact, and into the job summary. */
export async function collectAudit(inputs: Inputs): Promise<void> {
  const dir = auditDir();
  const { records, files, problems } = readAuditRecords(dir);
  for (const problem of problems) warning(`Audit record skipped: ${problem}`);
  let location = '';
  const store = artifactStoreFor();
  if (files.length === 0) {
    warning(
      `No audit records in ${dir}: no step of this job changed or checked anything in Azure.`,
    );
  } else if (store) {
    location = (await store.upload(inputs['artifact-name'], files, dir)).location;
  } else {
    // The seam for @actions/artifact (see packages/action-kit/src/artifact.ts).
    warning(
      `Uploading the artifact ${inputs['artifact-name']} to GitHub is not bundled yet: the records stay in ${dir} and are shown in the job summary.`,
    );
  }
  auditSummary(records, location).write();
  setOutputs(definition, { 'audit-records': String(records.length), 'audit-location': location });
}
