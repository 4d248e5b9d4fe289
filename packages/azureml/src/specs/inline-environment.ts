/**
 * An inline environment as the CLI v2 YAML writes it in a job, component or deployment:
 * `image:` (with an optional `conda_file:`, a path or an inline mapping) or `build:`
 * (`path` to a Docker build context, `dockerfile_path` inside it). The local parts are checked
 * and read by LocalPathChecker.environment once the spec parsed.
 */
import { z } from 'zod';
import { isLocalPath, localRef, type InlineEnvironment } from './local-paths.ts';
import { fields, stringMap } from './yaml-spec.ts';

export const INLINE_ENVIRONMENT_FORM = '{image, conda_file} or {build: {path, dockerfile_path}}';

const OS_TYPES = { linux: 'Linux', windows: 'Windows' } as const;

export const inlineEnvironment = fields({
  $schema: z.string().optional(),
  /** The CLI ignores a name and version here (it registers CliV2AnonymousEnvironment). */
  name: z.string().optional(),
  version: z.union([z.string(), z.number()]).optional(),
  description: z.string().optional(),
  tags: stringMap.optional(),
  image: z.string().min(1).optional(),
  conda_file: z
    .union([z.string().min(1), z.record(z.string(), z.unknown())], {
      error: 'a conda file path (relative to the spec) or an inline conda mapping',
    })
    .optional(),
  build: fields({
    path: z.string().min(1),
    dockerfile_path: z.string().min(1).optional(),
  }).optional(),
  os_type: z.enum(Object.keys(OS_TYPES) as [keyof typeof OS_TYPES]).optional(),
})
  .superRefine((env, ctx) => {
    if ((env.image === undefined) === (env.build === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: env.image === undefined ? ['image'] : ['build'],
        message: `either image or build, not ${env.image === undefined ? 'neither' : 'both'} (${INLINE_ENVIRONMENT_FORM})`,
      });
    }
    if (env.build !== undefined && env.conda_file !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['conda_file'],
        message: 'a conda file only with image (a build context installs its own packages)',
      });
    }
  })
  .transform((env): InlineEnvironment => {
    const out: InlineEnvironment = { kind: 'inline' };
    if (env.image !== undefined) out.image = env.image;
    if (env.conda_file !== undefined) out.condaSource = env.conda_file;
    if (env.build !== undefined) {
      out.build = {
        context: isLocalPath(env.build.path)
          ? localRef(env.build.path)
          : { kind: 'id', id: env.build.path },
        ...(env.build.dockerfile_path === undefined
          ? {}
          : { dockerfilePath: env.build.dockerfile_path }),
      };
    }
    if (env.os_type !== undefined) out.osType = OS_TYPES[env.os_type];
    if (env.description !== undefined) out.description = env.description;
    return out;
  });
