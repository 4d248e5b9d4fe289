import type { AuditSubject } from '@mlops-actions/action-kit';
import type { DeployReport } from '@mlops-actions/azureml';
import { parseModelRef } from '@mlops-actions/azureml/grammar';

/** What deploy-endpoint's audit record is about: the endpoint, the model and the traffic. */
export const deployAuditSubject = (report: DeployReport | undefined): AuditSubject =>
  report
    ? {
        endpoint: report.endpoint,
        deployment: report.deployment,
        model: parseModelRef(report.model),
        trafficBefore: report.trafficBefore,
        trafficAfter: report.trafficAfter,
      }
    : {};
