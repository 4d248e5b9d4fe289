import { actionInputs, startEmulator, type RecordedRequest } from '@mlops-actions/emulator';
import { runMain, workflowContext } from '@mlops-actions/local-runner';
import { actionDir, root } from './actions.ts';
import { formatTable } from './table.ts';

/** Emulated seconds per real second: a 5-minute job takes 5 s. */
export const TIME_SCALE = 60;

/**
 * Access tokens live an hour of real time, as on Azure. The emulator's default (3600 emulated
 * seconds) would be 60 real seconds here, inside MSAL's 5-minute refresh margin, so every
 * request would fetch a new token: an artifact of the time scale, not of the action.
 */
const ACCESS_TOKEN_LIFETIME_SECONDS = 3600 * TIME_SCALE;

/** Real job duration and real poll interval (the action's poll-interval is wall-clock time). */
const CASES = [
  { jobRealMs: 5000, pollMs: 1000 },
  { jobRealMs: 6000, pollMs: 500 },
  { jobRealMs: 3000, pollMs: 1000 },
];

const TOKEN_ROUTES = ['entra.token', 'oidc.idToken'];
const isArm = (route: string): boolean =>
  route.startsWith('jobs.') || route.startsWith('workspaces.');

interface PollRun {
  jobRealMs: number;
  pollMs: number;
  byRoute: Map<string, number>;
  /** ARM requests answered 404: the look-up for a job to attach to, before the PUT. */
  armNotFound: number;
  exitCode: number | null;
  status: string | undefined;
}

function countByRoute(requests: RecordedRequest[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { route = '(unmatched)' } of requests) counts.set(route, (counts.get(route) ?? 0) + 1);
  return counts;
}

/** One PUT, then one GET per interval until the job has ended. */
const idealRequests = (run: PollRun): number => Math.ceil(run.jobRealMs / run.pollMs) + 1;

async function measure(): Promise<PollRun[]> {
  const emulator = await startEmulator({
    timeScale: TIME_SCALE,
    accessTokenLifetimeSeconds: ACCESS_TOKEN_LIFETIME_SECONDS,
  });
  try {
    const runs: PollRun[] = [];
    for (const { jobRealMs, pollMs } of CASES) {
      emulator.control.setDefaultJobBehaviour({ durationSeconds: (jobRealMs / 1000) * TIME_SCALE });
      emulator.control.resetStats();
      const main = await runMain({
        actionDir: actionDir('train-and-poll'),
        cwd: root,
        env: { ...workflowContext(), ...emulator.env() },
        inputs: {
          ...actionInputs(emulator),
          'job-file': 'examples/jobs/train.yml',
          'poll-interval': `${pollMs}ms`,
        },
      });
      const { requests } = emulator.control.stats();
      runs.push({
        jobRealMs,
        pollMs,
        byRoute: countByRoute(requests),
        armNotFound: requests.filter((r) => r.route && isArm(r.route) && r.status === 404).length,
        exitCode: main.exitCode,
        status: main.outputs.status,
      });
    }
    return runs;
  } finally {
    await emulator.stop();
  }
}

const sum = (counts: Map<string, number>, keep: (route: string) => boolean): number =>
  [...counts].reduce((total, [route, n]) => (keep(route) ? total + n : total), 0);

/** ARM requests of train-and-poll against the ideal, then the (non-ARM) token requests. */
export async function pollRequestTables(): Promise<string> {
  const runs = await measure();
  const armRoutes = [...new Set(runs.flatMap((r) => [...r.byRoute.keys()].filter(isArm)))].sort();
  const otherRoutes = [
    ...new Set(
      runs.flatMap((r) =>
        [...r.byRoute.keys()].filter(
          (route) =>
            !isArm(route) && !TOKEN_ROUTES.includes(route) && !route.startsWith('control.'),
        ),
      ),
    ),
  ].sort();
  const label = (r: PollRun): string =>
    `${(r.jobRealMs / 1000) * TIME_SCALE}s (${r.jobRealMs / 1000}s real)`;

  const arm = formatTable(
    [
      'D emulated (real)',
      'I',
      ...armRoutes,
      'ARM total',
      'of them 404',
      'ideal',
      'difference',
      'exit',
      'status',
    ],
    runs.map((r) => {
      const made = sum(r.byRoute, isArm);
      const ideal = idealRequests(r);
      return [
        label(r),
        `${r.pollMs}ms`,
        ...armRoutes.map((route) => r.byRoute.get(route) ?? 0),
        made,
        r.armNotFound,
        ideal,
        `${made - ideal >= 0 ? '+' : ''}${made - ideal}`,
        String(r.exitCode),
        r.status ?? '(none)',
      ];
    }),
  );
  const tokens = formatTable(
    ['D emulated (real)', 'I', ...TOKEN_ROUTES, ...otherRoutes],
    runs.map((r) => [
      label(r),
      `${r.pollMs}ms`,
      ...[...TOKEN_ROUTES, ...otherRoutes].map((route) => r.byRoute.get(route) ?? 0),
    ]),
  );
  return [
    `ideal = ceil(D_real / I) + 1 (one PUT, one GET per interval); timeScale ${TIME_SCALE}`,
    '',
    arm,
    '',
    `Token and other non-ARM requests (control API excluded; access tokens live ${ACCESS_TOKEN_LIFETIME_SECONDS / TIME_SCALE} s real):`,
    '',
    tokens,
  ].join('\n');
}
