import type { WorkspaceRef } from '../types.ts';

export function workspaceArmId(ws: WorkspaceRef): string {
  return (
    `/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}` +
    `/providers/Microsoft.MachineLearningServices/workspaces/${ws.workspace}`
  );
}

/** ARM id of a workspace child: `.../{collection}/{name}` or `.../{collection}/{name}/versions/{version}`. */
export function workspaceChildArmId(
  ws: WorkspaceRef,
  collection:
    'environments' | 'codes' | 'components' | 'computes' | 'models' | 'data' | 'datastores',
  name: string,
  version?: string,
): string {
  const container = `${workspaceArmId(ws)}/${collection}/${name}`;
  return version === undefined ? container : `${container}/versions/${version}`;
}
