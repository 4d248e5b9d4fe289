export const id = 654;
export const ids = [654];
export const modules = {

/***/ 4654:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DEFAULT_ARM_ENDPOINT: () => (/* reexport */ DEFAULT_ARM_ENDPOINT),
  DEFAULT_AUTHORITY_HOST: () => (/* reexport */ DEFAULT_AUTHORITY_HOST),
  DEFAULT_RETRY: () => (/* reexport */ DEFAULT_RETRY),
  JobSpecError: () => (/* reexport */ JobSpecError),
  MAX_JOB_ATTEMPTS: () => (/* reexport */ MAX_JOB_ATTEMPTS),
  TERMINAL_STATUSES: () => (/* reexport */ TERMINAL_STATUSES),
  USER_AGENT_PREFIX: () => (/* reexport */ USER_AGENT_PREFIX),
  azureFailureDetails: () => (/* reexport */ azureFailureDetails),
  cancelJob: () => (/* reexport */ cancelJob),
  cloudFromInputs: () => (/* reexport */ cloudFromInputs),
  createCredential: () => (/* reexport */ createCredential),
  createMachineLearningClient: () => (/* reexport */ createMachineLearningClient),
  decideAttach: () => (/* reexport */ decideAttach),
  describeAzureError: () => (/* reexport */ describeAzureError),
  formatElapsed: () => (/* reexport */ formatElapsed),
  getJob: () => (/* reexport */ getJob),
  getJobFailure: () => (/* reexport */ getJobFailure),
  getJobOrFail: () => (/* reexport */ getJobOrFail),
  hintFor: () => (/* reexport */ hintFor),
  isMissingWorkspace: () => (/* reexport */ isMissingWorkspace),
  isPublicAuthorityHost: () => (/* reexport */ isPublicAuthorityHost),
  isTerminal: () => (/* reexport */ isTerminal),
  listJobs: () => (/* reexport */ listJobs),
  parseJobSpec: () => (/* reexport */ parseJobSpec),
  pollJob: () => (/* reexport */ pollJob),
  resolveJob: () => (/* reexport */ resolveJob),
  resolveLatestEnvironment: () => (/* reexport */ resolveLatestEnvironment),
  submitJob: () => (/* reexport */ submitJob),
  toJobResource: () => (/* reexport */ toJobResource),
  toSnapshot: () => (/* reexport */ toSnapshot),
  workspaceArmId: () => (/* reexport */ workspaceArmId),
  workspaceChildArmId: () => (/* reexport */ workspaceChildArmId)
});

;// CONCATENATED MODULE: ./packages/azureml/src/cloud.ts
const DEFAULT_ARM_ENDPOINT = 'https://management.azure.com';
const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';
/** Authority hosts of the public Azure clouds; MSAL can run instance discovery only for these. */
const PUBLIC_AUTHORITY_HOSTS = new Set([
    'login.microsoftonline.com',
    'login.microsoftonline.us',
    'login.chinacloudapi.cn',
]);
/** Builds a CloudConfig from optional values; empty strings count as absent (unset action inputs). */
function cloudFromInputs(inputs) {
    return {
        armEndpoint: httpsUrl('armEndpoint', inputs.armEndpoint, DEFAULT_ARM_ENDPOINT),
        authorityHost: httpsUrl('authorityHost', inputs.authorityHost, DEFAULT_AUTHORITY_HOST),
    };
}
function isPublicAuthorityHost(authorityHost) {
    return PUBLIC_AUTHORITY_HOSTS.has(new URL(authorityHost).hostname.toLowerCase());
}
function httpsUrl(field, value, fallback) {
    const text = value?.trim() || fallback;
    let url;
    try {
        url = new URL(text);
    }
    catch {
        url = undefined;
    }
    if (url?.protocol !== 'https:') {
        throw new Error(`${field}: expected an https:// URL, given ${JSON.stringify(text)}`);
    }
    return text.replace(/\/+$/, '');
}

// EXTERNAL MODULE: ./node_modules/@azure/identity/dist/esm/index.js + 174 modules
var esm = __webpack_require__(8578);
;// CONCATENATED MODULE: ./packages/azureml/src/credentials.ts


function createCredential(cred, cloud) {
    const options = {
        authorityHost: cloud.authorityHost,
        // Instance discovery asks the public cloud about the authority; sovereign, private and
        // emulated authorities are unknown to it, so discovery must be skipped there.
        disableInstanceDiscovery: !isPublicAuthorityHost(cloud.authorityHost),
    };
    switch (cred.kind) {
        case 'client-secret':
            return new esm/* ClientSecretCredential */.HC(cred.tenantId, cred.clientId, cred.clientSecret, options);
        case 'oidc':
            // No caching of the assertion: a runner ID token lives ~5 minutes, so every token
            // request must fetch a fresh one or long waits fail at the next access-token refresh.
            return new esm/* ClientAssertionCredential */.XI(cred.tenantId, cred.clientId, () => cred.getIdToken(), options);
        case 'azure-cli':
            return new esm/* AzureCliCredential */.nG();
    }
}

// EXTERNAL MODULE: ./node_modules/@azure/arm-machinelearning/dist/index.js
var dist = __webpack_require__(4789);
;// CONCATENATED MODULE: ./packages/azureml/src/client.ts


/**
 * Retries by the SDK pipeline: 429/503 wait for Retry-After, other 5xx, 408 and socket errors
 * back off exponentially. Seven attempts with delays up to 30 s ride out a few minutes of trouble.
 */
const DEFAULT_RETRY = {
    maxRetries: 6,
    retryDelayInMs: 1000,
    maxRetryDelayInMs: 30_000,
};
const USER_AGENT_PREFIX = 'mlops-actions';
function createMachineLearningClient(config) {
    const { armEndpoint } = config.cloud;
    const credential = createCredential(config.credential, config.cloud);
    const sdk = new dist/* AzureMachineLearningWorkspaces */.FQ(credential, config.subscriptionId, {
        // Operation URLs are built from $host; endpoint only feeds the default token scope.
        $host: armEndpoint,
        endpoint: armEndpoint,
        credentialScopes: [`${armEndpoint}/.default`],
        retryOptions: { ...DEFAULT_RETRY, ...config.retry },
        userAgentOptions: { userAgentPrefix: USER_AGENT_PREFIX },
    });
    const { subscriptionId, resourceGroup, workspace } = config;
    return { sdk, workspace: { subscriptionId, resourceGroup, workspace }, cloud: config.cloud };
}

;// CONCATENATED MODULE: ./packages/azureml/src/azure-error.ts
/*
 * Errors are recognised by `name` rather than `instanceof`: a bundle can hold more than one
 * copy of core-rest-pipeline or identity, and each copy has its own classes.
 */
function describeAzureError(err) {
    if (!(err instanceof Error))
        return { source: 'other', message: String(err) };
    const fields = err;
    switch (err.name) {
        case 'RestError':
            return describeRestError(fields);
        case 'AuthenticationError': {
            const response = fields.errorResponse;
            return {
                source: 'authentication',
                status: numberOrUndefined(fields.statusCode),
                code: response?.error,
                // Entra descriptions carry Trace/Correlation ID lines after the first; the first says it.
                message: firstLine(response?.errorDescription || err.message),
            };
        }
        case 'AuthenticationRequiredError':
            return describeMsalFailure(err.message);
        case 'CredentialUnavailableError':
            return {
                source: 'credential-unavailable',
                code: 'CredentialUnavailable',
                message: firstLine(err.message),
            };
        case 'AggregateAuthenticationError':
            return { source: 'authentication', message: firstLine(err.message) };
        default:
            return { source: 'other', message: err.message };
    }
}
/**
 * identity wraps MSAL's server errors in AuthenticationRequiredError, keeping only MSAL's text:
 * "invalid_client: Error(s): 7000215 - Timestamp: ... - Description: AADSTS7000215: ... Trace ID: ...".
 */
function describeMsalFailure(text) {
    const code = /^(\w+):/.exec(text)?.[1];
    const description = /Description: (.*?)(?: Trace ID:|$)/s.exec(text)?.[1];
    return { source: 'authentication', code, message: firstLine(description ?? text) };
}
function describeRestError(err) {
    const response = err.response;
    const body = armError(response?.parsedBody) ?? armError(parseJson(response?.bodyAsText));
    const details = (body?.details ?? []).map((d) => d.message).filter(Boolean);
    const message = body?.message ?? err.message;
    return {
        source: 'rest',
        status: numberOrUndefined(err.statusCode),
        code: body?.code ?? (typeof err.code === 'string' ? err.code : undefined),
        message: details.length > 0 ? `${message} (${details.join('; ')})` : message,
    };
}
function armError(body) {
    const error = body?.error;
    return typeof error === 'object' && error !== null ? error : undefined;
}
/** What to do next, for the failures users commonly hit; undefined when there is nothing useful to add. */
function hintFor(info, context = {}) {
    if (info.source === 'credential-unavailable') {
        return context.credentialKind === 'azure-cli' || context.credentialKind === undefined
            ? 'No Azure CLI login was found: run azure/login in an earlier step, or give client-id and tenant-id to sign in with OIDC.'
            : 'The credential could not be used here; check that its settings are complete.';
    }
    if (info.source === 'authentication' || info.status === 401) {
        return ('Sign-in was rejected. With OIDC, check the app registration has a federated credential whose subject ' +
            'matches this workflow (for example repo:OWNER/REPO:environment:NAME or repo:OWNER/REPO:ref:refs/heads/BRANCH) ' +
            'and audience api://AzureADTokenExchange, and that the workflow has `permissions: id-token: write`; ' +
            'with a client secret, check it is current; check client-id and tenant-id.');
    }
    if (info.status === 403) {
        return ('The identity has no permission for this: assign it a role on the workspace or its resource group ' +
            '(for example AzureML Data Scientist, or Contributor for endpoints), then re-run.');
    }
    if (isMissingWorkspace(info)) {
        const ws = context.workspace;
        const where = ws ? ` (given ${ws.subscriptionId} / ${ws.resourceGroup} / ${ws.workspace})` : '';
        return `Check subscription-id, resource-group and workspace${where}, and that the identity can see them.`;
    }
    if (info.status === 429) {
        return 'Azure ML kept throttling requests after the retries; re-run later or run fewer jobs at once.';
    }
    if ((info.status !== undefined && info.status >= 500) || /^E[A-Z]+$/.test(info.code ?? '')) {
        return 'Azure ML or the network kept failing after the retries; re-run the workflow, and check the Azure status page if it persists.';
    }
    return undefined;
}
/**
 * What a failure report needs from an Azure error: Azure's code and words, and what to do
 * next. Shaped to be passed straight to action-kit's `ActionFailure`.
 */
function azureFailureDetails(err, context = {}) {
    const info = describeAzureError(err);
    const hint = hintFor(info, context);
    return {
        cause: err,
        detail: info.message,
        ...(info.code ? { code: info.code } : {}),
        ...(hint ? { hint } : {}),
    };
}
/** A 404 about the subscription, resource group or workspace rather than about a job or asset in it. */
function isMissingWorkspace(info) {
    if (info.status !== 404)
        return false;
    if (/^(ResourceGroupNotFound|SubscriptionNotFound|WorkspaceNotFound)$/i.test(info.code ?? ''))
        return true;
    // ARM's generic code; its message names the missing resource type.
    return info.code === 'ResourceNotFound' && /workspaces\/[^/]*'/i.test(info.message);
}
function parseJson(text) {
    try {
        return text ? JSON.parse(text) : undefined;
    }
    catch {
        return undefined;
    }
}
function numberOrUndefined(value) {
    return typeof value === 'number' ? value : undefined;
}
function firstLine(text) {
    return (text.split('\n', 1)[0] ?? text).trim();
}

;// CONCATENATED MODULE: ./packages/azureml/src/arm-ids.ts
function workspaceArmId(ws) {
    return (`/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}` +
        `/providers/Microsoft.MachineLearningServices/workspaces/${ws.workspace}`);
}
/** ARM id of a workspace child: `.../{collection}/{name}` or `.../{collection}/{name}/versions/{version}`. */
function workspaceChildArmId(ws, collection, name, version) {
    const container = `${workspaceArmId(ws)}/${collection}/${name}`;
    return version === undefined ? container : `${container}/versions/${version}`;
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var yaml_dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 6 modules
var schemas = __webpack_require__(0);
// EXTERNAL MODULE: ./node_modules/zod/v4/core/core.js
var core = __webpack_require__(8532);
;// CONCATENATED MODULE: ./packages/azureml/src/asset-refs.ts
/**
 * References to Azure ML assets as the CLI v2 YAML writes them (`azureml:name:version`,
 * `azureml:name@latest`, `azureml:cluster`, full ARM ids, `azureml://` URIs), parsed once so
 * the job spec can be checked without a workspace and turned into ARM ids with one.
 */

const NAME = '[A-Za-z0-9][A-Za-z0-9_.-]*';
const VERSIONED = new RegExp(`^azureml:(${NAME}):([A-Za-z0-9_.-]+)$`);
const LATEST = new RegExp(`^azureml:(${NAME})@latest$`);
const COMPUTE_NAME = new RegExp(`^(?:azureml:)?(${NAME})$`);
function parseEnvironmentRef(text) {
    const id = passThroughId(text);
    if (id !== undefined)
        return { ok: true, ref: { kind: 'id', id } };
    const ref = versionedRef(text) ?? latestRef(text);
    if (ref)
        return { ok: true, ref };
    return {
        ok: false,
        expected: 'a registered environment: azureml:<name>:<version>, azureml:<name>@latest, an ARM id or an azureml:// URI',
    };
}
function parseCodeRef(text) {
    const id = passThroughId(text) ?? (/^https:\/\//i.test(text) ? text : undefined);
    if (id !== undefined)
        return { ok: true, ref: { kind: 'id', id } };
    const ref = versionedRef(text);
    if (ref)
        return { ok: true, ref };
    const expected = 'a registered code asset: azureml:<name>:<version>, an ARM id or an azureml:// or https:// URI';
    if (text.startsWith('azureml:'))
        return { ok: false, expected };
    return {
        ok: false,
        expected: `${expected} (uploading a local code folder is not supported yet; register the code asset and reference azureml:name:version)`,
    };
}
function parseComputeRef(text) {
    const id = passThroughId(text);
    if (id !== undefined)
        return { ok: true, ref: { kind: 'id', id } };
    const [, name] = COMPUTE_NAME.exec(text) ?? [];
    if (name)
        return { ok: true, ref: { kind: 'name', name } };
    return { ok: false, expected: 'a compute target: azureml:<name>, <name> or an ARM id' };
}
/**
 * The ARM id for a reference. `@latest` gives the environment container id: ARM wants a
 * version, so callers resolve it against the workspace before submitting (see resolveLatestEnvironment).
 */
function assetArmId(ws, collection, ref) {
    switch (ref.kind) {
        case 'id':
            return ref.id;
        case 'version':
            return workspaceChildArmId(ws, collection, ref.name, ref.version);
        case 'latest':
            return workspaceChildArmId(ws, collection, ref.name);
    }
}
function computeArmId(ws, ref) {
    return ref.kind === 'id' ? ref.id : workspaceChildArmId(ws, 'computes', ref.name);
}
function versionedRef(text) {
    const [, name, version] = VERSIONED.exec(text) ?? [];
    return name && version ? { kind: 'version', name, version } : undefined;
}
function latestRef(text) {
    const [, name] = LATEST.exec(text) ?? [];
    return name ? { kind: 'latest', name } : undefined;
}
/** Full ids are used as given; the CLI's `azureml:/subscriptions/...` form loses its prefix. */
function passThroughId(text) {
    if (text.startsWith('azureml://'))
        return text;
    const armId = text.replace(/^azureml:/, '');
    return /^\/subscriptions\/[^/]+\/resourceGroups\//i.test(armId) ? armId : undefined;
}

;// CONCATENATED MODULE: ./packages/azureml/src/job-spec.ts
/**
 * The Azure ML CLI v2 command job YAML: schema, parsing, and errors that name the field, what
 * was expected and what was given (with the YAML line when parsed from text).
 */



class JobSpecError extends Error {
    field;
    expected;
    given;
    /** 1-based line in the YAML text, when the spec was parsed from text. */
    line;
    constructor(field, expected, given, line) {
        super(`job spec field ${field}: expected ${expected}; given ${given}`);
        this.name = 'JobSpecError';
        this.field = field;
        this.expected = expected;
        this.given = given;
        this.line = line;
    }
}
const ASSET_TYPES = [
    'uri_file',
    'uri_folder',
    'mltable',
    'custom_model',
    'mlflow_model',
    'triton_model',
];
/** CLI YAML delivery modes -> the API's names. */
const INPUT_MODES = {
    ro_mount: 'ReadOnlyMount',
    rw_mount: 'ReadWriteMount',
    download: 'Download',
    direct: 'Direct',
    eval_mount: 'EvalMount',
    eval_download: 'EvalDownload',
};
const OUTPUT_MODES = { rw_mount: 'ReadWriteMount', upload: 'Upload' };
/** A strict object whose unknown-field error lists the fields it knows. */
function fields(shape) {
    const known = `a known field (one of: ${Object.keys(shape).join(', ')})`;
    return schemas/* strictObject */.rej(shape, {
        error: (issue) => (issue.code === 'unrecognized_keys' ? known : undefined),
    });
}
function reference(parse) {
    return schemas/* string */.YjP().transform((text, ctx) => {
        const parsed = parse(text);
        if (parsed.ok)
            return parsed.ref;
        ctx.addIssue({ code: 'custom', message: parsed.expected });
        return core/* NEVER */.tm;
    });
}
const scalar = schemas/* union */.KCZ([schemas/* string */.YjP(), schemas/* number */.aig(), schemas/* boolean */.zMY()], {
    error: 'a string, number or boolean',
});
const stringMap = schemas/* record */.g1P(schemas/* string */.YjP(), scalar.transform(String));
const positiveInt = schemas/* number */.aig().int().positive();
const assetInput = fields({
    type: schemas/* enum */.k5n(ASSET_TYPES),
    path: schemas/* string */.YjP()
        .refine((path) => /^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('/subscriptions/'), {
        error: 'a URI or a registered data asset (uploading local data is not supported yet; register it and reference azureml:name:version)',
    }),
    mode: schemas/* enum */.k5n(Object.keys(INPUT_MODES)).optional(),
    description: schemas/* string */.YjP().optional(),
});
const jobOutput = fields({
    type: schemas/* enum */.k5n(ASSET_TYPES).default('uri_folder'),
    path: schemas/* string */.YjP().optional(),
    mode: schemas/* enum */.k5n(Object.keys(OUTPUT_MODES)).optional(),
    description: schemas/* string */.YjP().optional(),
});
const distribution = schemas/* discriminatedUnion */.gMt('type', [
    fields({ type: schemas/* literal */.euz('pytorch'), process_count_per_instance: positiveInt.optional() }),
    fields({ type: schemas/* literal */.euz('mpi'), process_count_per_instance: positiveInt.optional() }),
    fields({
        type: schemas/* literal */.euz('tensorflow'),
        worker_count: positiveInt.optional(),
        parameter_server_count: schemas/* number */.aig().int().nonnegative().optional(),
    }),
]);
const identity = schemas/* discriminatedUnion */.gMt('type', [
    fields({ type: schemas/* literal */.euz('aml_token') }),
    fields({ type: schemas/* literal */.euz('user_identity') }),
    fields({
        type: schemas/* literal */.euz(['managed', 'managed_identity']),
        client_id: schemas/* string */.YjP().optional(),
        object_id: schemas/* string */.YjP().optional(),
        resource_id: schemas/* string */.YjP().optional(),
    }),
]);
const INLINE_ENVIRONMENT = 'a registered environment (inline environments are not supported yet; register it and reference azureml:name:version)';
const jobSpecSchema = fields({
    $schema: schemas/* string */.YjP().optional(),
    type: schemas/* literal */.euz('command', { error: 'command (only command jobs are supported)' }).optional(),
    /** The CLI's job name; accepted so CLI files parse, but callers choose job names. */
    name: schemas/* string */.YjP().optional(),
    display_name: schemas/* string */.YjP().optional(),
    experiment_name: schemas/* string */.YjP().optional(),
    description: schemas/* string */.YjP().optional(),
    tags: stringMap.optional(),
    command: schemas/* string */.YjP().min(1),
    code: reference(parseCodeRef).optional(),
    environment: schemas/* string */.YjP({
        error: (issue) => typeof issue.input === 'object' && issue.input !== null ? INLINE_ENVIRONMENT : undefined,
    })
        .pipe(reference(parseEnvironmentRef)),
    compute: reference(parseComputeRef).optional(),
    inputs: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* union */.KCZ([scalar, assetInput], {
        error: 'a literal (string, number or boolean) or an object {type, path, mode}',
    }))
        .optional(),
    outputs: schemas/* record */.g1P(schemas/* string */.YjP(), jobOutput.nullable()).optional(),
    environment_variables: stringMap.optional(),
    resources: fields({
        instance_count: positiveInt.optional(),
        instance_type: schemas/* string */.YjP().optional(),
        shm_size: schemas/* string */.YjP().optional(),
        docker_args: schemas/* string */.YjP().optional(),
    }).optional(),
    limits: fields({ timeout: positiveInt }).optional(),
    distribution: distribution.optional(),
    identity: identity.optional(),
});
/** Parses a command job spec from YAML text or an already-parsed object. */
function parseJobSpec(yamlOrObject) {
    if (typeof yamlOrObject !== 'string')
        return validate(yamlOrObject, () => undefined);
    const lineCounter = new yaml_dist/* LineCounter */.HN();
    const doc = (0,yaml_dist/* parseDocument */.Tp)(yamlOrObject, { lineCounter });
    const [yamlError] = doc.errors;
    if (yamlError) {
        const line = yamlError.linePos?.[0].line;
        throw new JobSpecError('(document)', 'valid YAML', job_spec_firstLine(yamlError.message).replace(/:\s*$/, ''), line);
    }
    return validate(doc.toJS(), (path) => lineOf(doc, lineCounter, path));
}
function validate(raw, lineAt) {
    const result = jobSpecSchema.safeParse(raw, { error: expectedFor });
    if (result.success)
        return result.data;
    // A misspelt field also shows up as a missing one; naming the misspelling helps more.
    const { issues } = result.error;
    const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0];
    if (!issue)
        throw new Error('job spec: validation failed without an issue');
    const { path, expected, given } = describeIssue(issue, raw, []);
    throw new JobSpecError(fieldName(path), expected, given, lineAt(path));
}
/** Zod issue -> what was expected, in words (used as every issue's message). */
function expectedFor(issue) {
    switch (issue.code) {
        case 'invalid_type':
            return withArticle(issue.expected === 'int' ? 'integer' : issue.expected);
        case 'invalid_value':
            return issue.values.length === 1
                ? JSON.stringify(issue.values[0])
                : `one of ${issue.values.join(', ')}`;
        case 'too_small':
            return issue.origin === 'string'
                ? 'a non-empty string'
                : `a number ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}`;
        case 'invalid_union':
            return 'options' in issue && Array.isArray(issue.options)
                ? `one of ${issue.options.join(', ')}`
                : undefined;
        default:
            return undefined;
    }
}
function describeIssue(issue, raw, prefix) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union') {
        // The branch whose errors all lie below the value matched its shape; report from there.
        const branch = issue.errors.find((errors) => errors.every((e) => e.path.length > 0));
        if (branch?.[0])
            return describeIssue(branch[0], raw, path);
    }
    if (issue.code === 'unrecognized_keys') {
        const key = issue.keys.join(', ');
        return { path: [...path, key], expected: issue.message, given: `an unknown field "${key}"` };
    }
    return { path, expected: issue.message, given: describeValue(valueAt(raw, path)) };
}
function withArticle(noun) {
    const word = noun === 'array' ? 'list' : noun;
    return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}
function describeValue(value) {
    if (value === undefined)
        return 'nothing';
    if (value === null)
        return 'an empty value';
    if (typeof value === 'string')
        return JSON.stringify(value);
    if (Array.isArray(value))
        return 'a list';
    if (typeof value === 'object')
        return `an object with ${Object.keys(value).join(', ') || 'no fields'}`;
    return String(value);
}
function valueAt(raw, path) {
    let value = raw;
    for (const key of path) {
        if (typeof value !== 'object' || value === null)
            return undefined;
        value = value[key];
    }
    return value;
}
function job_spec_firstLine(text) {
    return text.split('\n', 1)[0] ?? text;
}
function fieldName(path) {
    return path.length === 0 ? '(document)' : path.map(String).join('.');
}
/** Line of the deepest key on `path` that exists in the document. */
function lineOf(doc, lineCounter, path) {
    let node = doc.contents;
    let line = (0,yaml_dist/* isMap */.jh)(node) && node.range ? lineCounter.linePos(node.range[0]).line : undefined;
    for (const key of path) {
        if (!(0,yaml_dist/* isMap */.jh)(node))
            break;
        const pair = node.items.find((p) => (0,yaml_dist/* isScalar */.jn)(p.key) && p.key.value === key);
        if (!pair || !(0,yaml_dist/* isScalar */.jn)(pair.key) || !pair.key.range)
            break;
        line = lineCounter.linePos(pair.key.range[0]).line;
        node = pair.value;
    }
    return line;
}

;// CONCATENATED MODULE: ./packages/azureml/src/job-resource.ts


function toJobResource(spec, ws, overrides = {}) {
    const properties = {
        jobType: 'Command',
        command: spec.command,
        environmentId: assetArmId(ws, 'environments', spec.environment),
        computeId: computeArmId(ws, computeFor(spec, overrides)),
        codeId: spec.code && assetArmId(ws, 'codes', spec.code),
        displayName: spec.display_name,
        experimentName: overrides.experimentName || spec.experiment_name,
        description: spec.description,
        tags: spec.tags,
        environmentVariables: spec.environment_variables,
        inputs: spec.inputs && mapValues(spec.inputs, toJobInput),
        outputs: spec.outputs && mapValues(spec.outputs, toJobOutput),
        resources: spec.resources && {
            instanceCount: spec.resources.instance_count,
            instanceType: spec.resources.instance_type,
            shmSize: spec.resources.shm_size,
            dockerArgs: spec.resources.docker_args,
        },
        limits: spec.limits && { jobLimitsType: 'Command', timeout: `PT${spec.limits.timeout}S` },
        distribution: spec.distribution && toDistribution(spec.distribution),
        identity: spec.identity && toIdentity(spec.identity),
    };
    return { properties: withoutUndefined(properties) };
}
function computeFor(spec, overrides) {
    if (overrides.compute) {
        const parsed = parseComputeRef(overrides.compute);
        if (!parsed.ok)
            throw new JobSpecError('compute (override)', parsed.expected, JSON.stringify(overrides.compute));
        return parsed.ref;
    }
    if (spec.compute)
        return spec.compute;
    throw new JobSpecError('compute', 'a compute target (azureml:<cluster>) in the spec or as the compute override; serverless compute needs a newer API version than 2022-10-01', 'nothing');
}
function toJobInput(input) {
    if (typeof input !== 'object')
        return { jobInputType: 'literal', value: String(input) };
    return {
        jobInputType: input.type,
        uri: input.path,
        mode: input.mode && INPUT_MODES[input.mode],
        description: input.description,
    };
}
function toJobOutput(output) {
    if (output === null)
        return { jobOutputType: 'uri_folder' };
    return {
        jobOutputType: output.type,
        uri: output.path,
        mode: output.mode && OUTPUT_MODES[output.mode],
        description: output.description,
    };
}
function toDistribution(d) {
    switch (d.type) {
        case 'pytorch':
            return { distributionType: 'PyTorch', processCountPerInstance: d.process_count_per_instance };
        case 'mpi':
            return { distributionType: 'Mpi', processCountPerInstance: d.process_count_per_instance };
        case 'tensorflow':
            return {
                distributionType: 'TensorFlow',
                workerCount: d.worker_count,
                parameterServerCount: d.parameter_server_count,
            };
    }
}
function toIdentity(i) {
    switch (i.type) {
        case 'aml_token':
            return { identityType: 'AMLToken' };
        case 'user_identity':
            return { identityType: 'UserIdentity' };
        default:
            return {
                identityType: 'Managed',
                clientId: i.client_id,
                objectId: i.object_id,
                resourceId: i.resource_id,
            };
    }
}
function mapValues(record, map) {
    return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}
/** Drops absent fields so the request body (and what tests compare) holds only what was set. */
function withoutUndefined(value) {
    return JSON.parse(JSON.stringify(value));
}

;// CONCATENATED MODULE: ./packages/azureml/src/job-status.ts
const TERMINAL_STATUSES = ['Completed', 'Failed', 'Canceled'];
/** Only these end a job; NotResponding, Paused, Unknown and statuses added later do not. */
function isTerminal(status) {
    return TERMINAL_STATUSES.includes(status);
}

// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(8500);
;// CONCATENATED MODULE: ./packages/azureml/src/sleep.ts

/** Resolves after `ms`, or rejects with an AbortError as soon as `signal` aborts. */
function sleep_sleep(ms, signal) {
    return (0,promises_.setTimeout)(ms, undefined, { signal });
}
/** Settles with `promise`, or rejects as soon as `signal` aborts (the promise keeps running). */
function unlessAborted(promise, signal) {
    if (!signal)
        return promise;
    signal.throwIfAborted();
    return new Promise((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
}

;// CONCATENATED MODULE: ./packages/azureml/src/poller.ts
/** Waits for a job to end, telling people what it is doing while they wait. */



const DEFAULT_HEARTBEAT_MS = 60_000;
/**
 * Reads the job every `intervalMs` (the first read one interval after the start: `initial` is
 * the snapshot the caller already has) until it is Completed, Failed or Canceled, `timeoutMs`
 * passes, or `signal` aborts. Read errors that the SDK's retries could not fix are warnings and
 * polling goes on, except a vanished job (404) or a rejected identity (401/403, sign-in failure),
 * which no amount of waiting repairs: those are thrown.
 */
async function pollJob(fetch, initial, options) {
    const { intervalMs, logger, signal } = options;
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? sleep_sleep;
    const heartbeatMs = options.heartbeatMs ?? Math.max(intervalMs, DEFAULT_HEARTBEAT_MS);
    const start = now();
    const deadline = start + options.timeoutMs;
    const stamp = () => `[${formatElapsed(now() - start)}]`;
    let job = initial;
    const timeline = [{ status: job.status, at: new Date(start) }];
    let previous = job.status;
    let lastLine = start;
    const result = (kind) => ({ kind, job, timeline });
    while (!isTerminal(job.status)) {
        const remaining = deadline - now();
        if (remaining <= 0)
            return result('timeout');
        try {
            await sleep(Math.min(intervalMs, remaining), signal);
            job = await unlessAborted(fetch(), signal);
        }
        catch (err) {
            if (signal?.aborted)
                return result('aborted');
            if (isHopeless(err))
                throw err;
            const { status, code, message } = describeAzureError(err);
            const tag = [status, code].filter(Boolean).join(' ');
            logger.warning(`${stamp()} could not read job status${tag ? ` (${tag})` : ''}: ${message}; trying again`);
            continue;
        }
        if (job.status !== previous) {
            timeline.push({ status: job.status, at: new Date(now()) });
            logger.info(`${stamp()} ${job.status} (was ${previous})`);
            previous = job.status;
            if (job.status === 'NotResponding') {
                logger.warning(`${stamp()} Azure ML reports job ${job.name} as NotResponding; it may recover, so waiting goes on`);
            }
            lastLine = now();
        }
        else if (now() - lastLine >= heartbeatMs) {
            logger.info(`${stamp()} still ${job.status}`);
            lastLine = now();
        }
    }
    return result('terminal');
}
function isHopeless(err) {
    const { status, source } = describeAzureError(err);
    if (source === 'credential-unavailable')
        return true;
    if (source === 'authentication')
        return status === undefined || (status >= 400 && status < 500);
    return status === 401 || status === 403 || status === 404;
}
/** hh:mm:ss */
function formatElapsed(ms) {
    const total = Math.max(0, Math.floor(ms / 1000));
    const parts = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
    return parts.map((n) => String(n).padStart(2, '0')).join(':');
}

;// CONCATENATED MODULE: ./packages/azureml/src/jobs.ts



/** PUT the job under `name` (chosen by the caller, so a retried PUT cannot create a second job). */
async function submitJob(client, name, body) {
    const { resourceGroup, workspace } = client.workspace;
    return toSnapshot(await client.sdk.jobs.createOrUpdate(resourceGroup, workspace, name, body));
}
/** The job, or undefined when it does not exist (a missing workspace is an error, not "no job"). */
async function getJob(client, name) {
    try {
        return await getJobOrFail(client, name);
    }
    catch (err) {
        const info = describeAzureError(err);
        if (info.status === 404 && !isMissingWorkspace(info))
            return undefined;
        throw err;
    }
}
/** The job; a missing one is an error (what a poller wants: a job that vanished is not "still running"). */
async function getJobOrFail(client, name) {
    const { resourceGroup, workspace } = client.workspace;
    return toSnapshot(await client.sdk.jobs.get(resourceGroup, workspace, name));
}
async function listJobs(client, options = {}) {
    const { resourceGroup, workspace } = client.workspace;
    const limit = options.limit ?? Infinity;
    const jobs = [];
    for await (const job of client.sdk.jobs.list(resourceGroup, workspace, { tag: options.tag })) {
        if (jobs.length >= limit)
            break;
        jobs.push(toSnapshot(job));
    }
    return jobs;
}
/**
 * Requests cancellation, waits for the cancel operation, then reads the job until it ends.
 * Returns the last snapshot: Canceled, another terminal status if the job ended first, or a
 * running status when `timeoutMs` passed (the caller reports that as such).
 */
async function cancelJob(client, name, options) {
    const { logger } = options;
    const job = await getJobOrFail(client, name);
    if (isTerminal(job.status)) {
        logger.info(`Job ${name} already ended ${job.status}; nothing to cancel.`);
        return job;
    }
    const { resourceGroup, workspace } = client.workspace;
    logger.info(`Cancelling job ${name} (${job.status})...`);
    const started = Date.now();
    // One budget for the cancel operation and the wait after it.
    const budget = AbortSignal.timeout(options.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, budget]) : budget;
    try {
        const operation = await client.sdk.jobs.beginCancel(resourceGroup, workspace, name, {
            updateIntervalInMs: options.pollIntervalMs,
            abortSignal: signal,
        });
        await operation.pollUntilDone({ abortSignal: signal });
    }
    catch (err) {
        if (!signal.aborted)
            throw err;
    }
    const result = await pollJob(() => getJobOrFail(client, name), await getJobOrFail(client, name), {
        intervalMs: options.pollIntervalMs,
        timeoutMs: Math.max(0, options.timeoutMs - (Date.now() - started)),
        signal: options.signal,
        logger,
    });
    if (result.job.status !== 'Canceled') {
        const why = result.kind === 'terminal' ? 'it ended' : 'it is still';
        logger.warning(`Job ${name} was not canceled: ${why} ${result.job.status}.`);
    }
    return result.job;
}
/** The fields of a job resource that callers act on. */
function toSnapshot(job) {
    const props = job.properties;
    const outputs = {};
    for (const [key, output] of Object.entries(props.outputs ?? {})) {
        if (output && 'uri' in output && output.uri)
            outputs[key] = output.uri;
    }
    const tags = {};
    for (const [key, value] of Object.entries(props.tags ?? {})) {
        if (value !== null)
            tags[key] = value;
    }
    return {
        name: job.name ?? '',
        status: props.status ?? 'Unknown',
        displayName: props.displayName,
        experimentName: props.experimentName,
        computeId: props.computeId,
        studioUrl: props.services?.Studio?.endpoint,
        outputs,
        tags,
        createdAt: job.systemData?.createdAt,
    };
}

// EXTERNAL MODULE: ./node_modules/@azure/core-rest-pipeline/dist/esm/index.js + 82 modules
var dist_esm = __webpack_require__(4237);
;// CONCATENATED MODULE: ./packages/azureml/src/job-failure.ts



/**
 * Why a job failed. Job resources of api-version 2022-10-01 carry no error, so this reads the
 * run history data plane (as the Studio does) through the client's own pipeline, which brings
 * the token and the retries. Any trouble gives undefined: callers then point to the Studio.
 */
async function getJobFailure(client, job, logger) {
    try {
        const { resourceGroup, workspace } = client.workspace;
        const { discoveryUrl } = await client.sdk.workspaces.get(resourceGroup, workspace);
        if (!discoveryUrl)
            throw new Error('the workspace has no discoveryUrl');
        const url = `${new URL(discoveryUrl).origin}/history/v1.0${workspaceArmId(client.workspace)}/runs/${encodeURIComponent(job.name)}/details`;
        const response = await client.sdk.sendRequest((0,dist_esm/* createPipelineRequest */.G6)({ url, method: 'GET' }));
        if (response.status !== 200)
            throw new Error(`run details answered HTTP ${response.status}`);
        const error = JSON.parse(response.bodyAsText ?? '{}').error?.error;
        if (!error?.code && !error?.message)
            return undefined;
        return { code: error.code ?? 'Unknown', message: error.message ?? '' };
    }
    catch (err) {
        logger?.debug(`Could not read the failure of job ${job.name}: ${describeAzureError(err).message}`);
        return undefined;
    }
}

;// CONCATENATED MODULE: ./packages/azureml/src/environment-latest.ts
/** An environment container id (`.../environments/{name}`), what `azureml:name@latest` maps to. */
const CONTAINER_ID = /\/workspaces\/[^/]+\/environments\/([^/]+)$/i;
/**
 * ARM runs a job only on an environment version, so `@latest` is resolved here, just before
 * submitting, to the newest version in the workspace (as the CLI does). Other bodies pass unchanged.
 */
async function resolveLatestEnvironment(client, body, logger) {
    const properties = body.properties;
    const name = CONTAINER_ID.exec(properties.environmentId ?? '')?.[1];
    if (name === undefined)
        return body;
    const { resourceGroup, workspace } = client.workspace;
    const versions = client.sdk.environmentVersions.list(resourceGroup, workspace, name, {
        orderBy: 'createdtime desc',
        top: 1,
    });
    for await (const version of versions) {
        if (!version.id)
            continue;
        logger.info(`Environment ${name}@latest is version ${version.name}.`);
        return { ...body, properties: { ...properties, environmentId: version.id } };
    }
    throw new Error(`environment: expected azureml:${name}@latest to name a registered environment; given a name with no versions in workspace ${workspace}`);
}

;// CONCATENATED MODULE: ./packages/azureml/src/job-attach.ts


/** How many names (`base`, `base-2`, ... `base-20`) a re-run may walk before giving up. */
const MAX_JOB_ATTEMPTS = 20;
/**
 * What to do with the job already under a name: none -> submit; running or Completed -> attach
 * (re-waiting is free, re-training is not); Failed or Canceled -> try the next name.
 */
function decideAttach(existing) {
    if (!existing)
        return 'submit';
    return existing.status === 'Failed' || existing.status === 'Canceled' ? 'next' : 'attach';
}
async function resolveJob(client, baseName, body, logger, options = {}) {
    const attempts = options.exactName ? 1 : MAX_JOB_ATTEMPTS;
    let resolvedBody;
    for (let attempt = 1; attempt <= attempts; attempt++) {
        const name = attempt === 1 ? baseName : `${baseName}-${attempt}`;
        const existing = await getJob(client, name);
        if (existing && decideAttach(existing) === 'attach') {
            logger.info(`Job ${name} already exists (${existing.status}): attaching to it instead of submitting again.`);
            return { job: existing, attached: true };
        }
        if (existing) {
            logger.info(`Job ${name} ended ${existing.status}; an earlier attempt used that name.`);
            continue;
        }
        resolvedBody ??= await resolveLatestEnvironment(client, body, logger);
        const outcome = await submitOrAttach(client, name, resolvedBody);
        if (outcome)
            return outcome;
    }
    throw new Error(options.exactName
        ? `job name ${baseName}: expected a name that is free or a job still running or Completed; given a name whose job ended Failed or Canceled. Choose a new job name.`
        : `job name ${baseName}: expected a free name among ${baseName} ... ${baseName}-${attempts}; given ${attempts} names whose jobs all ended Failed or Canceled.`);
}
/**
 * PUT the job. When the PUT fails, the job may exist all the same: a reply lost after the job
 * was created and the retried PUT refused (409), or a concurrent run. One GET tells; a job found
 * there is attached to, or skipped (undefined) when it already ended badly.
 */
async function submitOrAttach(client, name, body) {
    try {
        return { job: await submitJob(client, name, body), attached: false };
    }
    catch (err) {
        const existing = await getJob(client, name).catch(() => undefined);
        if (!existing)
            throw err;
        return decideAttach(existing) === 'attach' ? { job: existing, attached: true } : undefined;
    }
}

;// CONCATENATED MODULE: ./packages/azureml/src/index.ts















/***/ })

};
