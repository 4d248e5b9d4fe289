/**
 * endpoint-test's use case: the caller's integration tests against an online endpoint, either
 * request / expected-response cases (each checked as deploy-endpoint checks its smoke test) or
 * a command given the scoring URI and the endpoint's key, masked before the command starts.
 * Reads the endpoint and its credential, scores; writes nothing in Azure.
 */
import { listDeployments } from '../online/deployments.ts';
import { getEndpoint } from '../online/endpoints.ts';
import {
  runSmokeTest,
  scoringTarget,
  type SmokeTest,
  type SmokeTestResult,
} from '../online/smoke-test.ts';
import { inGroup } from '../log-group.ts';
import { failureFrom } from '../transport/azure-error.ts';
import type { MachineLearningClient } from '../transport/client.ts';
import { CancelledError } from '../transport/waits.ts';
import type { Failure, Outcome, UseCaseContext } from '../types.ts';

export interface EndpointTestCase extends SmokeTest {
  /** The case's name: its request file's, without `.request.json`. */
  name: string;
}

/** What the command is given: where to send requests, and the credential. */
export interface CommandEnvironment {
  SCORING_URI: string;
  SCORING_KEY: string;
  ENDPOINT_NAME: string;
  DEPLOYMENT_NAME?: string;
}

/** Runs the caller's command (the action's shell); resolves with its exit code. */
export type RunCommand = (env: CommandEnvironment) => Promise<{ exitCode: number }>;

export interface TestEndpointRequest {
  endpointName: string;
  /** Requests go to this deployment directly; undefined: as the endpoint's live traffic says. */
  deployment?: string | undefined;
  tests: { kind: 'cases'; cases: EndpointTestCase[] } | { kind: 'command'; run: RunCommand };
  /** The endpoint's key or token, handed over before it is used so the caller can mask it. */
  onSecret: (secret: string) => void;
}

export interface EndpointCaseResult extends SmokeTestResult {
  name: string;
  passed: boolean;
}

export interface EndpointTestReport {
  endpoint: string;
  deployment?: string;
  scoringUri?: string;
  cases: EndpointCaseResult[];
  /** When the tests are a command: its exit code. */
  exitCode?: number;
  passed: boolean;
}

export async function testEndpoint(
  client: MachineLearningClient,
  request: TestEndpointRequest,
  ctx: UseCaseContext,
): Promise<Outcome<EndpointTestReport>> {
  const { endpointName, deployment } = request;
  const report: EndpointTestReport = {
    endpoint: endpointName,
    ...(deployment ? { deployment } : {}),
    cases: [],
    passed: false,
  };
  const target = deployment ? `deployment ${deployment} of endpoint ${endpointName}` : endpointName;
  try {
    const endpoint = await getEndpoint(client, endpointName);
    if (!endpoint) {
      return {
        report,
        failure: {
          what: `Endpoint ${endpointName} not found in workspace ${client.workspace.workspace}`,
          input: 'endpoint-name',
        },
      };
    }
    if (deployment) {
      const names = (await listDeployments(client, endpointName)).map((d) => d.name);
      if (!names.some((n) => n.toLowerCase() === deployment.toLowerCase())) {
        return {
          report,
          failure: {
            what: `Endpoint ${endpointName} has no deployment ${deployment} (it has ${names.join(', ') || 'none'})`,
            input: 'deployment-name',
          },
        };
      }
    }
    const scoringUri = endpoint.scoringUri;
    if (!scoringUri)
      return { report, failure: { what: `Endpoint ${endpointName} has no scoring URI` } };
    report.scoringUri = scoringUri;
    const scoring = await scoringTarget(
      client,
      { ...endpoint, scoringUri },
      deployment,
      request.onSecret,
    );

    if (request.tests.kind === 'command') {
      const { exitCode } = await request.tests.run({
        SCORING_URI: scoringUri,
        SCORING_KEY: scoring.secret,
        ENDPOINT_NAME: endpointName,
        ...(deployment ? { DEPLOYMENT_NAME: deployment } : {}),
      });
      report.exitCode = exitCode;
      report.passed = exitCode === 0;
      return report.passed
        ? { report }
        : {
            report,
            failure: {
              what: `Integration tests of ${target} failed: the command exited with code ${exitCode}`,
            },
          };
    }

    for (const test of request.tests.cases) {
      const result = await inGroup(ctx.logger, `Case ${test.name}`, () =>
        runSmokeTest(scoring, test, ctx, `Case ${test.name}`),
      );
      const passed = result.problems.length === 0;
      report.cases.push({ name: test.name, passed, ...result });
      ctx.logger.info(
        passed
          ? `pass ${test.name}: HTTP ${result.status} in ${result.latencyMs} ms`
          : `FAIL ${test.name}: HTTP ${result.status}: ${result.problems.join('; ')}; response: ${result.excerpt}`,
      );
    }
    const failed = report.cases.filter((c) => !c.passed);
    report.passed = failed.length === 0;
    return report.passed ? { report } : { report, failure: casesFailure(target, report, failed) };
  } catch (err) {
    if (err instanceof CancelledError || ctx.signal?.aborted) {
      return { report, failure: { what: `Cancelled while testing ${target}` } };
    }
    return { report, failure: failureFrom(client, `Could not test ${target}`, err) };
  }
}

function casesFailure(
  target: string,
  report: EndpointTestReport,
  failed: EndpointCaseResult[],
): Failure {
  return {
    what: `Integration tests of ${target}: ${failed.length} of ${report.cases.length} cases failed (${failed.map((c) => c.name).join(', ')})`,
    detail: failed.map((c) => `${c.name}: HTTP ${c.status}: ${c.problems.join('; ')}`).join('\n'),
  };
}
