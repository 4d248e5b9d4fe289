import type { Failure } from '@mlops-actions/azureml';
import { writeAuditRecord, type AuditSubject } from './audit.ts';
import { ActionFailure, InputError } from './errors.ts';
import { Summary } from './summary.ts';

/** The step's error for a use case's failure. */
export function failureError(failure: Failure): ActionFailure | InputError {
  return failure.input === undefined
    ? new ActionFailure(failure.what, failure)
    : new InputError(`${failure.input}: ${failure.what}`);
}

/**
 * The one way a step ends after its use case ran: the audit record is written (when the step
 * talked to Azure) and the summary whatever happened (a short one naming the failure when the
 * use case got too little done to report), then the step fails when the use case fell short.
 */
export function conclude(
  summary: Summary | undefined,
  failure?: Failure,
  subject: AuditSubject = {},
): void {
  writeAuditRecord(subject, failure);
  const error = failure && failureError(failure);
  if (summary) summary.write();
  else if (error) new Summary().heading(`Failed: ${failure.what}`, 3).text(error.message).write();
  if (error) throw error;
}
