import type { Reply } from '../http.ts';
import type { Route } from '../router.ts';
import type { EmulatorState } from '../state.ts';

/** The workspace's discoveryUrl: where each data-plane service lives (all here, in the emulator). */
function discover(_req: unknown, state: EmulatorState): Reply {
  const services = [
    'api',
    'catalog',
    'experimentation',
    'history',
    'hyperdrive',
    'modelmanagement',
    'pipelines',
  ];
  return {
    status: 200,
    body: {
      ...Object.fromEntries(services.map((s) => [s, state.url])),
      studio: 'https://ml.azure.com',
    },
  };
}

export const discoveryRoutes: Route[] = [
  {
    name: 'discovery.get',
    method: 'GET',
    path: '/discovery',
    group: 'data',
    handler: discover,
    summary: "the workspace's `discoveryUrl`",
  },
];
