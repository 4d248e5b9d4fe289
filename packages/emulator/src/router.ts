import type { ApiRequest, Reply } from './http.ts';
import type { EmulatorState } from './state.ts';

/**
 * Which family a route belongs to. Faults for route '*' hit 'arm' and 'data' (the Azure ML
 * surface a client retries against); 'control' requests are neither faulted nor recorded.
 */
export type RouteGroup = 'arm' | 'data' | 'entra' | 'oidc' | 'runner' | 'control';

export interface Route {
  /** Stable name used by faults and stats, e.g. 'jobs.get'. */
  name: string;
  method: string;
  /** Path with `{param}` segments, in the spec's spelling; matched case-insensitively like ARM. */
  path: string;
  group: RouteGroup;
  /** Require a valid, unexpired Entra access token issued by this emulator. */
  auth?: boolean;
  /** Require this `api-version` query value, or one of these. */
  apiVersion?: string | readonly string[];
  handler: (req: ApiRequest, state: EmulatorState) => Reply | Promise<Reply>;
  /** One line for the README's generated route table (markdown). */
  summary?: string;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

export interface Router {
  match(method: string, path: string): RouteMatch | undefined;
}

export function createRouter(routes: readonly Route[]): Router {
  const compiled = routes.map((route) => ({ route, ...compilePattern(route.path) }));
  return {
    match(method, path) {
      for (const { route, regex, names } of compiled) {
        if (route.method !== method) continue;
        const found = regex.exec(path);
        if (!found) continue;
        const params: Record<string, string> = {};
        names.forEach((name, i) => {
          params[name] = decodeURIComponent(found[i + 1] ?? '');
        });
        return { route, params };
      }
      return undefined;
    },
  };
}

function compilePattern(pattern: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = pattern
    .split('/')
    .map((segment) => {
      const name = /^\{(\w+)\}$/.exec(segment)?.[1];
      if (name === undefined) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(name);
      return '([^/]+)';
    })
    .join('/');
  return { regex: new RegExp(`^${source}/?$`, 'i'), names };
}
