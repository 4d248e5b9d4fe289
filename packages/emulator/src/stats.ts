import type { EmulatorStats, RecordedRequest } from './types.ts';

export interface StatsRecorder {
  record(request: RecordedRequest): void;
  /** Remember a secret handed out, so tests can scan logs and outputs for leaks. */
  secret(value: string): void;
  count(
    counter:
      | 'idTokensIssued'
      | 'accessTokensIssued'
      | 'jobsCreated'
      | 'modelVersionsCreated'
      | 'endpointsCreated'
      | 'deploymentsCreated'
      | 'scoringRequests',
  ): void;
  snapshot(): EmulatorStats;
  reset(): void;
}

/** `seededSecrets` (client secret, runner request token) stay listed across resets: they stay valid. */
export function createStatsRecorder(seededSecrets: readonly string[]): StatsRecorder {
  let stats = empty();
  function empty(): EmulatorStats {
    return {
      requests: [],
      idTokensIssued: 0,
      accessTokensIssued: 0,
      issuedSecrets: [...seededSecrets],
      jobsCreated: 0,
      modelVersionsCreated: 0,
      endpointsCreated: 0,
      deploymentsCreated: 0,
      scoringRequests: 0,
    };
  }
  return {
    record: (request) => void stats.requests.push(request),
    secret: (value) => void stats.issuedSecrets.push(value),
    count: (counter) => void (stats[counter] += 1),
    snapshot: () => structuredClone(stats),
    reset: () => void (stats = empty()),
  };
}
