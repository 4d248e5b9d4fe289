/**
 * What a local run talks to: the Azure ML emulator and the local GitHub API, started for the run
 * (with time scaling) or already running (their CLIs' exports in this process's environment).
 */
import {
  actionInputs,
  startEmulator,
  type Emulator,
  type EmulatorOptions,
} from '@mlops-actions/emulator';
import { startGitHubEmulator, type GitHubEmulator } from '@mlops-actions/github-emulator';
import { RUN_DEFAULTS } from './defaults.ts';
import { localGitHub, type LocalGitHub } from './local-github.ts';
import type { RunOptions } from './run.ts';
import { emptySettings } from './settings.ts';
import { WorkflowError } from './workflow-file.ts';

/** The Azure side as the steps see it. */
export interface AzureTarget {
  /** `with:` defaults an action that declares them gets: the emulator's cloud endpoints. */
  inputs: Record<string, string>;
  /** Repository variables a workflow reads the connection from (`vars.AZURE_*`). */
  vars: Record<string, string>;
  /** For every step: trust in the emulator's CA. */
  env: Record<string, string>;
  /** For a job with `permissions: id-token: write` only, as on GitHub. */
  idTokenEnv: Record<string, string>;
  /** Secrets the emulator hands out that no log may show. */
  secrets: string[];
}

export function azureTarget(emulator: Emulator): AzureTarget {
  const inputs = actionInputs(emulator);
  const env = emulator.env();
  return {
    inputs: {
      'arm-endpoint': inputs['arm-endpoint'] ?? '',
      'authority-host': inputs['authority-host'] ?? '',
    },
    vars: {
      AZURE_SUBSCRIPTION_ID: emulator.subscriptionId,
      AZURE_TENANT_ID: emulator.tenantId,
      AZURE_CLIENT_ID: emulator.clientId,
      AZUREML_RESOURCE_GROUP: emulator.resourceGroup,
      AZUREML_WORKSPACE: emulator.workspace,
    },
    env: {
      NODE_EXTRA_CA_CERTS: env.NODE_EXTRA_CA_CERTS ?? emulator.caCertPath,
      // How emulated time maps to the wall clock, so a rollout's bakes follow the emulator's.
      ...(env.MLOPS_SERVICE_CLOCK ? { MLOPS_SERVICE_CLOCK: env.MLOPS_SERVICE_CLOCK } : {}),
    },
    idTokenEnv: {
      ACTIONS_ID_TOKEN_REQUEST_URL: emulator.idTokenRequestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: emulator.idTokenRequestToken,
    },
    secrets: [emulator.clientSecret, emulator.idTokenRequestToken],
  };
}

/** A running emulator, from the exports `npm run emulator` prints. */
export function runningAzure(env: NodeJS.ProcessEnv): AzureTarget {
  const need = (name: string): string => {
    const value = env[name];
    if (!value) {
      throw new WorkflowError(
        `--azure running: expected ${name} in the environment (eval the exports of \`npm run emulator\`), got nothing`,
      );
    }
    return value;
  };
  return {
    inputs: {
      'arm-endpoint': need('AZURE_ARM_ENDPOINT'),
      'authority-host': need('AZURE_AUTHORITY_HOST'),
    },
    vars: {
      AZURE_SUBSCRIPTION_ID: need('AZURE_SUBSCRIPTION_ID'),
      AZURE_TENANT_ID: need('AZURE_TENANT_ID'),
      AZURE_CLIENT_ID: need('AZURE_CLIENT_ID'),
      AZUREML_RESOURCE_GROUP: need('AZURE_RESOURCE_GROUP'),
      AZUREML_WORKSPACE: need('AZUREML_WORKSPACE'),
    },
    env: { NODE_EXTRA_CA_CERTS: need('NODE_EXTRA_CA_CERTS') },
    idTokenEnv: {
      ACTIONS_ID_TOKEN_REQUEST_URL: need('ACTIONS_ID_TOKEN_REQUEST_URL'),
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: need('ACTIONS_ID_TOKEN_REQUEST_TOKEN'),
    },
    secrets: [env.AZURE_CLIENT_SECRET ?? '', need('ACTIONS_ID_TOKEN_REQUEST_TOKEN')].filter(
      Boolean,
    ),
  };
}

/** A running local GitHub API, from the exports `npm run github-emulator` prints. */
export function runningGitHub(env: NodeJS.ProcessEnv): LocalGitHub {
  const url = env.GITHUB_API_URL;
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!url || !owner || !repo) {
    throw new WorkflowError(
      '--github running: expected GITHUB_API_URL and GITHUB_REPOSITORY in the environment (eval the exports of `npm run github-emulator`), got nothing',
    );
  }
  return localGitHub(url, owner, repo);
}

export interface Services {
  azure: AzureTarget;
  github: LocalGitHub;
  /** The emulators this process started (for a test to look into), stopped by `stop`. */
  started: { azure?: Emulator; github?: GitHubEmulator };
  stop(): Promise<void>;
}

export async function startServices(options: {
  azure: 'start' | 'running';
  github: 'start' | 'running';
  timeScale: number;
  emulator?: EmulatorOptions;
  env?: NodeJS.ProcessEnv;
}): Promise<Services> {
  const env = options.env ?? process.env;
  const started: Services['started'] = {};
  const stop = async () => {
    await Promise.all([started.azure?.stop(), started.github?.stop()]);
  };
  try {
    if (options.azure === 'start') {
      started.azure = await startEmulator({ timeScale: options.timeScale, ...options.emulator });
    }
    if (options.github === 'start') started.github = await startGitHubEmulator();
    const azure = started.azure ? azureTarget(started.azure) : runningAzure(env);
    const github = started.github
      ? localGitHub(started.github.url, started.github.owner, started.github.repo)
      : runningGitHub(env);
    return { azure, github, started, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * A run against emulators this process started (the demo, the bench, the tests): the command
 * line's defaults, no inputs, approvals or settings unless `run` gives them.
 */
export function inProcessRun(
  emulators: { azure: Emulator; github: GitHubEmulator },
  run: Pick<RunOptions, 'root' | 'workflow' | 'summaryDir'> & Partial<RunOptions>,
): RunOptions {
  const { github } = emulators;
  return {
    ...RUN_DEFAULTS,
    inputs: {},
    approvals: {},
    settings: emptySettings(),
    azure: azureTarget(emulators.azure),
    github: localGitHub(github.url, github.owner, github.repo),
    print: () => {},
    ...run,
  };
}
