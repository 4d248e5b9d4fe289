import { InputError } from './errors.ts';
import { readInputFile } from './input-file.ts';
import { input, type InputFallback } from './input.ts';
import { getRawInput } from './runner.ts';

/** The fields of the `config.json` Azure ML studio and the CLI write for a workspace. */
type WorkspaceConfigKey = 'subscription_id' | 'resource_group' | 'workspace_name';

const CONFIG_INPUT = 'workspace-config';

/**
 * The connection set once per job instead of in every step: an input left empty is read from
 * the `workspace-config` file when one is named (the step's own choice), else from the
 * environment variable azure/login and @azure/identity already use. An input always wins.
 */
function connection(variable: string, configKey?: WorkspaceConfigKey): InputFallback {
  return {
    sources: configKey
      ? `\`${configKey}\` in \`${CONFIG_INPUT}\` or \`${variable}\``
      : `\`${variable}\``,
    read(env) {
      const file = configKey && getRawInput(CONFIG_INPUT, env);
      const fromFile = file ? readWorkspaceConfig(file)[configKey] : undefined;
      if (file && fromFile) return { text: fromFile, origin: `${configKey} in ${file}` };
      const fromEnv = env[variable]?.trim();
      return fromEnv ? { text: fromEnv, origin: variable } : undefined;
    },
  };
}

/** Parsed once per file: three inputs read the same config.json. */
const workspaceConfigs = new Map<string, Partial<Record<WorkspaceConfigKey, string>>>();

function readWorkspaceConfig(file: string): Partial<Record<WorkspaceConfigKey, string>> {
  const known = workspaceConfigs.get(file);
  if (known) return known;
  const expected = 'an Azure ML config.json (subscription_id, resource_group, workspace_name)';
  const text = readInputFile(CONFIG_INPUT, file, expected);
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new InputError({
      input: CONFIG_INPUT,
      expected,
      given: `${JSON.stringify(file)} (not JSON: ${why})`,
    });
  }
  const fields: Partial<Record<WorkspaceConfigKey, string>> = {};
  for (const key of ['subscription_id', 'resource_group', 'workspace_name'] as const) {
    const value = (config as Record<string, unknown> | null)?.[key];
    if (typeof value === 'string' && value.trim()) fields[key] = value.trim();
  }
  workspaceConfigs.set(file, fields);
  return fields;
}

const subscription = connection('AZURE_SUBSCRIPTION_ID', 'subscription_id');
const resourceGroup = connection('AZUREML_RESOURCE_GROUP', 'resource_group');
const workspace = connection('AZUREML_WORKSPACE', 'workspace_name');
const clientId = connection('AZURE_CLIENT_ID');
const tenantId = connection('AZURE_TENANT_ID');

/** The inputs every Azure-facing action shares: where the workspace is and how to sign in. */
export const azureInputs = {
  'subscription-id': input.guid({
    description: `Azure subscription id (a GUID) of the Azure ML workspace. When empty: ${subscription.sources}.`,
    required: true,
    fallback: subscription,
  }),
  'resource-group': input.string({
    description: `Resource group of the Azure ML workspace. When empty: ${resourceGroup.sources}.`,
    required: true,
    fallback: resourceGroup,
  }),
  workspace: input.string({
    description: `Name of the Azure ML workspace. When empty: ${workspace.sources}.`,
    required: true,
    fallback: workspace,
  }),
  [CONFIG_INPUT]: input.string({
    description:
      'Path to the Azure ML `config.json` of the workspace (as studio downloads it): `subscription_id`, `resource_group` and `workspace_name` fill the inputs above that are left empty.',
  }),
  'client-id': input.string({
    description: `Application (client) id to sign in with. With tenant-id and no client-secret: OIDC federation (needs \`permissions: id-token: write\`). Omit client-id, tenant-id and client-secret to use the Azure CLI session left by azure/login. When empty: ${clientId.sources}.`,
    fallback: clientId,
  }),
  'tenant-id': input.string({
    description: `Entra ID tenant id for client-id. When empty: ${tenantId.sources}.`,
    fallback: tenantId,
  }),
  'client-secret': input.string({
    description: 'Client secret for client-id. Prefer OIDC federation; a secret is masked in logs.',
    secret: true,
  }),
  'arm-endpoint': input.url({
    description:
      'Azure Resource Manager endpoint of the cloud (sovereign clouds, or the local emulator).',
    default: 'https://management.azure.com',
  }),
  'authority-host': input.url({
    description: 'Entra ID authority host of the cloud.',
    default: 'https://login.microsoftonline.com',
  }),
};
