/**
 * Local paths and inline environments of a spec turned into what Azure ML takes, exactly as the
 * Azure ML CLI does it (and so compatible with what it uploaded and registered before):
 * - code -> an anonymous code version (a new name, version 1, `hash_sha256`), its ARM id;
 * - an inline environment -> a version of CliV2AnonymousEnvironment derived from its content;
 * - a local model -> an anonymous model version whose modelUri is the uploaded folder;
 * - a local data input -> no asset, the `azureml://datastores/...` URI of the uploaded path.
 * What was uploaded before (a marker with `upload_status=completed`) is not uploaded again, and
 * what is registered already is not registered again. One resolver per step: the datastore is
 * opened once, on the first upload.
 */
import { randomUUID } from 'node:crypto';
import type { MachineLearningClient } from '../transport/client.ts';
import { describeAzureError, isMissingWorkspace } from '../transport/azure-error.ts';
import { datastoreUri } from '../storage/datastore-uri.ts';
import { openDatastore, WORKSPACE_BLOBSTORE, type OpenDatastore } from '../storage/datastore.ts';
import type { InlineEnvironment, LocalRef } from '../specs/local-paths.ts';
import type { UseCaseContext } from '../types.ts';
import { ANONYMOUS_ENVIRONMENT, anonymousEnvironmentVersion } from './anonymous-environment.ts';
import { uploadArtifact, type UploadedArtifact } from './blob-upload.ts';
import { CONTENT_HASH_VERSION, contentHash, objectHash } from './content-hash.ts';
import { LocalPathError, readLocalArtifact, type LocalArtifact } from './local-tree.ts';

export interface LocalAssetOptions {
  /** The checked-out repository: nothing outside it is uploaded (default: the working directory). */
  root?: string;
}

export type LocalModelType = 'custom_model' | 'mlflow_model' | 'triton_model';

export interface RegisteredAsset {
  /** The version's ARM id. */
  id: string;
  name: string;
  version: string;
  /** False when it was registered before (by an earlier run or by the CLI). */
  created: boolean;
}

export class LocalAssets {
  private store: Promise<OpenDatastore> | undefined;
  private readonly client: MachineLearningClient;
  private readonly ctx: UseCaseContext;
  private readonly root: string;

  constructor(client: MachineLearningClient, ctx: UseCaseContext, options: LocalAssetOptions = {}) {
    this.client = client;
    this.ctx = ctx;
    this.root = options.root ?? process.cwd();
  }

  /** A local code folder (or file) as an anonymous code version. */
  async code(ref: LocalRef): Promise<RegisteredAsset> {
    const artifact = this.read(ref);
    const uploaded = await this.upload(artifact, `code ${ref.written}`, {
      name: randomUUID(),
      version: '1',
    });
    const { name, version } = uploaded.asset;
    const found = !uploaded.uploaded && (await this.existing('codeVersions', name, version));
    if (found) {
      this.ctx.logger.info(`Code ${ref.written} is code ${name}:${version} (registered before).`);
      return { id: found, name, version, created: false };
    }
    const store = await this.datastore();
    const { resourceGroup, workspace } = this.client.workspace;
    const created = await this.client.sdk.codeVersions.createOrUpdate(
      resourceGroup,
      workspace,
      name,
      version,
      {
        properties: {
          codeUri: store.blobUrl(uploaded.path),
          isAnonymous: true,
          properties: {
            hash_sha256: await contentHash(artifact),
            hash_version: CONTENT_HASH_VERSION,
          },
        },
      },
      { abortSignal: this.ctx.signal },
    );
    this.ctx.logger.info(`Registered code ${ref.written} as code ${name}:${version}.`);
    return { id: requiredId(created.id, 'code version'), name, version, created: true };
  }

  /** An inline environment as a version of CliV2AnonymousEnvironment. */
  async environment(env: InlineEnvironment): Promise<RegisteredAsset> {
    const name = ANONYMOUS_ENVIRONMENT;
    const context = env.build?.context;
    const local = context?.kind === 'local' ? this.read(context) : undefined;
    const contextHash = local && (await objectHash(local));
    let version: string;
    if (env.image !== undefined) {
      version = anonymousEnvironmentVersion({
        image: env.image,
        ...(env.condaFile === undefined ? {} : { condaFile: env.condaFile }),
      });
    } else if (env.build) {
      // A remote build context has no content hash here; its URL stands in for it.
      version = anonymousEnvironmentVersion({
        contextHash: contextHash ?? (env.build.context.kind === 'id' ? env.build.context.id : ''),
        ...(env.build.dockerfilePath === undefined
          ? {}
          : { dockerfilePath: env.build.dockerfilePath }),
      });
    } else {
      throw new Error('an inline environment has neither image nor build');
    }
    const found = await this.existing('environmentVersions', name, version);
    if (found) {
      this.ctx.logger.info(`Inline environment is ${name}:${version} (registered before).`);
      return { id: found, name, version, created: false };
    }
    let contextUri = context?.kind === 'id' ? context.id : undefined;
    if (local && contextHash && context?.kind === 'local') {
      const uploaded = await this.upload(
        local,
        `build context ${context.written}`,
        { name, version },
        contextHash,
      );
      contextUri = `${(await this.datastore()).blobUrl(uploaded.path)}/`;
    }
    const { resourceGroup, workspace } = this.client.workspace;
    const created = await this.client.sdk.environmentVersions.createOrUpdate(
      resourceGroup,
      workspace,
      name,
      version,
      {
        properties: {
          isAnonymous: true,
          ...(env.image === undefined ? {} : { image: env.image }),
          ...(env.condaFile === undefined ? {} : { condaFile: env.condaFile }),
          ...(contextUri === undefined
            ? {}
            : {
                build: {
                  contextUri,
                  ...(env.build?.dockerfilePath === undefined
                    ? {}
                    : { dockerfilePath: env.build.dockerfilePath }),
                },
              }),
          ...(env.osType === undefined ? {} : { osType: env.osType }),
          ...(env.description === undefined ? {} : { description: env.description }),
        },
      },
      { abortSignal: this.ctx.signal },
    );
    this.ctx.logger.info(`Registered the inline environment as ${name}:${version}.`);
    return { id: requiredId(created.id, 'environment version'), name, version, created: true };
  }

  /**
   * A local data input, uploaded: `azureml://datastores/workspaceblobstore/paths/LocalUpload/
   * <md5>/<name>` (with a trailing `/` for a folder). No asset is registered.
   */
  async dataInput(ref: LocalRef): Promise<string> {
    const artifact = this.read(ref);
    const uploaded = await this.upload(artifact, `input ${ref.written}`, {
      name: randomUUID(),
      version: randomUUID(),
    });
    const uri = datastoreUri({ datastore: WORKSPACE_BLOBSTORE, path: uploaded.path });
    return artifact.kind === 'folder' ? `${uri}/` : uri;
  }

  /** A local model file or folder as an anonymous model version. */
  async model(ref: LocalRef, modelType: LocalModelType = 'custom_model'): Promise<RegisteredAsset> {
    const artifact = this.read(ref);
    const uploaded = await this.upload(artifact, `model ${ref.written}`, {
      name: randomUUID(),
      version: '1',
    });
    const { name, version } = uploaded.asset;
    const found = !uploaded.uploaded && (await this.existing('modelVersions', name, version));
    if (found) {
      this.ctx.logger.info(`Model ${ref.written} is model ${name}:${version} (registered before).`);
      return { id: found, name, version, created: false };
    }
    const { resourceGroup, workspace } = this.client.workspace;
    const created = await this.client.sdk.modelVersions.createOrUpdate(
      resourceGroup,
      workspace,
      name,
      version,
      {
        properties: {
          modelType,
          modelUri: datastoreUri({
            datastore: WORKSPACE_BLOBSTORE,
            path: uploaded.path,
            workspace: this.client.workspace,
          }),
          isAnonymous: true,
        },
      },
      { abortSignal: this.ctx.signal },
    );
    this.ctx.logger.info(`Registered model ${ref.written} as model ${name}:${version}.`);
    return { id: requiredId(created.id, 'model version'), name, version, created: true };
  }

  /** Read again at upload time: the files may have changed since the spec was checked. */
  private read(ref: LocalRef): LocalArtifact {
    try {
      return readLocalArtifact(ref.path, { root: this.root, written: ref.written });
    } catch (err) {
      if (err instanceof LocalPathError) {
        throw new Error(`${ref.written}: ${err.message}`, { cause: err });
      }
      throw err;
    }
  }

  private async upload(
    artifact: LocalArtifact,
    label: string,
    asset: { name: string; version: string },
    hash?: string,
  ): Promise<UploadedArtifact> {
    return uploadArtifact(
      await this.datastore(),
      { artifact, hash: hash ?? (await objectHash(artifact)), asset, label },
      this.ctx,
    );
  }

  private datastore(): Promise<OpenDatastore> {
    this.store ??= openDatastore(this.client, WORKSPACE_BLOBSTORE, this.ctx);
    return this.store;
  }

  /** The ARM id of a registered version, or undefined when there is none. */
  private async existing(
    collection: 'codeVersions' | 'environmentVersions' | 'modelVersions',
    name: string,
    version: string,
  ): Promise<string | undefined> {
    const { resourceGroup, workspace } = this.client.workspace;
    try {
      const found = await this.client.sdk[collection].get(resourceGroup, workspace, name, version, {
        abortSignal: this.ctx.signal,
      });
      return found.id;
    } catch (err) {
      const info = describeAzureError(err);
      if (info.status === 404 && !isMissingWorkspace(info)) return undefined;
      throw err;
    }
  }
}

function requiredId(id: string | undefined, what: string): string {
  if (!id) throw new Error(`Azure ML answered the ${what} PUT without an id`);
  return id;
}
