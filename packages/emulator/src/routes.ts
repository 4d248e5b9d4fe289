import type { Route } from './router.ts';
import { entraRoutes } from './identity/entra.ts';
import { runnerOidcRoutes } from './identity/runner-oidc.ts';
import { artifactServiceRoutes } from './runner/artifact-service.ts';
import { discoveryRoutes } from './data-plane/discovery.ts';
import { workspaceRoutes } from './arm/workspaces.ts';
import { jobRoutes } from './arm/jobs.ts';
import { operationRoutes } from './arm/operations.ts';
import { historyRoutes } from './data-plane/history.ts';
import { modelRoutes } from './arm/models.ts';
import { codeRoutes } from './arm/code-versions.ts';
import { environmentRoutes } from './arm/environments.ts';
import { componentRoutes } from './arm/components.ts';
import { computeRoutes } from './arm/computes.ts';
import { datastoreRoutes } from './arm/datastores.ts';
import { mlflowRoutes } from './data-plane/mlflow.ts';
import { controlRoutes } from './control/control.ts';
import { onlineEndpointRoutes } from './arm/online-endpoints.ts';
import { onlineDeploymentRoutes } from './arm/online-deployments.ts';
import { scoringRoutes } from './data-plane/scoring.ts';
import { onlineControlRoutes } from './control/online-control.ts';
import { monitorMetricsRoutes } from './arm/monitor-metrics.ts';

/** Every route the emulator serves. A new resource kind adds its module's table here. */
export const ALL_ROUTES: readonly Route[] = [
  ...entraRoutes,
  ...runnerOidcRoutes,
  ...artifactServiceRoutes,
  ...discoveryRoutes,
  ...workspaceRoutes,
  ...jobRoutes,
  ...operationRoutes,
  ...historyRoutes,
  ...modelRoutes,
  ...codeRoutes,
  ...environmentRoutes,
  ...componentRoutes,
  ...computeRoutes,
  ...datastoreRoutes,
  ...mlflowRoutes,
  ...controlRoutes,
  ...onlineEndpointRoutes,
  ...onlineDeploymentRoutes,
  ...scoringRoutes,
  ...onlineControlRoutes,
  ...monitorMetricsRoutes,
];

/** Route names a fault can target (everything but the control API), e.g. 'jobs.get'. */
export const ROUTES: readonly string[] = ALL_ROUTES.filter((r) => r.group !== 'control').map(
  (r) => r.name,
);
