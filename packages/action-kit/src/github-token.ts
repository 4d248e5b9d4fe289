/** The token a workflow passes by default; outside a runner it arrives unevaluated. */
export const DEFAULT_GITHUB_TOKEN = '${{ github.token }}';

/** A token is there when it is not empty and not the default left unevaluated (local runs). */
export const usableToken = (token: string | undefined): string | undefined =>
  token && token !== DEFAULT_GITHUB_TOKEN ? token : undefined;
