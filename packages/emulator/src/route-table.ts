import { WORKSPACE_PATH } from './arm/api.ts';
import type { Route, RouteGroup } from './router.ts';
import { ALL_ROUTES, ROUTES } from './routes.ts';

/**
 * The README's route tables, generated from the route modules so they cannot drift from what the
 * emulator serves. `scripts/docs.ts` writes them (`npm run docs`) and fails on drift
 * (`npm run docs -- --check`).
 */

/** The file, relative to the repository root, whose marked blocks are generated. */
export const EMULATOR_README = 'packages/emulator/README.md';

const GROUP_TITLES: Record<RouteGroup, string> = {
  entra: 'Entra ID',
  oidc: 'runner OIDC',
  runner: 'runner artifacts',
  arm: 'ARM',
  data: 'data plane',
  control: 'control API',
};

/** The long ARM prefix every workspace route shares, shortened the way the Azure docs do. */
const WORKSPACE_PREFIX = WORKSPACE_PATH.slice(0, WORKSPACE_PATH.lastIndexOf('/workspaces/'));

const request = (route: Route): string =>
  `\`${route.method} ${route.path.replace(WORKSPACE_PREFIX, '/…')}\``;

const apiVersions = (route: Route): string =>
  route.apiVersion === undefined
    ? '—'
    : (typeof route.apiVersion === 'string' ? [route.apiVersion] : route.apiVersion).join(', ');

const cell = (text: string | undefined): string => (text ?? '').replace(/\|/g, '\\|');

/** A markdown table of `routes`, grouped by plane in the order Entra ID, OIDC, ARM, data plane. */
export function routeTable(routes: readonly Route[]): string {
  const order = Object.keys(GROUP_TITLES) as RouteGroup[];
  const sorted = [...routes].sort((a, b) => order.indexOf(a.group) - order.indexOf(b.group));
  return [
    '| route | plane | request | api-version | Entra token | notes |',
    '| --- | --- | --- | --- | --- | --- |',
    ...sorted.map(
      (r) =>
        `| \`${r.name}\` | ${GROUP_TITLES[r.group]} | ${request(r)} | ${apiVersions(r)} | ${r.auth ? 'required' : '—'} | ${cell(r.summary)} |`,
    ),
  ].join('\n');
}

/** The control API's routes: no sign-in, no api-version, so only the request and what it takes. */
export function controlTable(routes: readonly Route[]): string {
  return [
    '| route | request | notes |',
    '| --- | --- | --- |',
    ...routes.map((r) => `| \`${r.name}\` | ${request(r)} | ${cell(r.summary)} |`),
  ].join('\n');
}

/** The routes a fault can target, in the order of `ROUTES`. */
export const faultableRoutes = (): Route[] =>
  ROUTES.map((name) => {
    const route = ALL_ROUTES.find((r) => r.name === name);
    if (!route) throw new Error(`ROUTES names '${name}', which no route module serves`);
    return route;
  });

/** Generated blocks: marker name -> table. */
const BLOCKS: Record<string, () => string> = {
  routes: () => `\`/…\` stands for \`${WORKSPACE_PREFIX}\`.\n\n${routeTable(faultableRoutes())}`,
  'control-routes': () => controlTable(ALL_ROUTES.filter((r) => r.group === 'control')),
};

/**
 * The README with the text between `<!-- routes -->` and `<!-- /routes -->` (and the
 * control-routes pair) regenerated. A missing marker is an error: a silently skipped block would
 * let the check pass while the table drifts.
 */
export function withRouteTables(readme: string): string {
  return Object.entries(BLOCKS).reduce((text, [name, table]) => {
    const start = `<!-- ${name} -->`;
    const end = `<!-- /${name} -->`;
    const from = text.indexOf(start);
    const to = text.indexOf(end, from);
    if (from === -1 || to === -1) {
      throw new Error(`${EMULATOR_README}: expected the markers ${start} and ${end}`);
    }
    return `${text.slice(0, from)}${start}\n\n${table()}\n\n${text.slice(to)}`;
  }, readme);
}
