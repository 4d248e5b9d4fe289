/**
 * A CLI v2 job file of any type train-and-poll runs: told by its `type` (command when absent,
 * as the CLI does) and parsed by that type's parser; other types are refused at the `type` line.
 */
import { parse as parseYaml } from 'yaml';
import { SpecError } from '../grammar/spec-error.ts';
import { JOB_SPEC, parseJobSpec, type JobSpec } from './job-spec.ts';
import { parsePipelineSpec, type PipelineDraft, type ReadComponentFile } from './pipeline-spec.ts';
import { parseSweepSpec, type SweepSpec } from './sweep-spec.ts';
import type { SpecOptions } from './local-paths.ts';
import { describeValue, locate } from './yaml-spec.ts';

export type JobFileSpec =
  | { type: 'command'; spec: JobSpec }
  | { type: 'sweep'; spec: SweepSpec }
  | { type: 'pipeline'; draft: PipelineDraft };

export const JOB_TYPES = ['command', 'sweep', 'pipeline'] as const;

/** A pipeline's component files cannot be read (an inline job, or a check without the files). */
export const NO_COMPONENT_FILES: ReadComponentFile = () => undefined;

/** Where a job file's local paths are (SpecOptions) and how its component files are read. */
export interface JobFileOptions extends SpecOptions {
  readComponent?: ReadComponentFile | undefined;
}

export function parseJobFile(yamlOrObject: unknown, options: JobFileOptions = {}): JobFileSpec {
  const { readComponent = NO_COMPONENT_FILES, ...paths } = options;
  const type = typeOf(yamlOrObject);
  switch (type) {
    case undefined:
    case 'command':
      return { type: 'command', spec: parseJobSpec(yamlOrObject, paths) };
    case 'sweep':
      return { type: 'sweep', spec: parseSweepSpec(yamlOrObject, paths) };
    case 'pipeline':
      return { type: 'pipeline', draft: parsePipelineSpec(yamlOrObject, readComponent, paths) };
    default: {
      const at = typeof yamlOrObject === 'string' ? locate(yamlOrObject, ['type']) : undefined;
      throw new SpecError({
        subject: JOB_SPEC,
        field: 'type',
        expected: `one of ${JOB_TYPES.join(', ')} (the job types train-and-poll runs; AutoML, Spark, parallel and other jobs are not supported)`,
        given: describeValue(type),
        line: at?.line,
        column: at?.column,
      });
    }
  }
}

/** The document's `type`, or undefined (also for text that is not YAML: its parser says why). */
function typeOf(yamlOrObject: unknown): unknown {
  let raw = yamlOrObject;
  if (typeof raw === 'string') {
    try {
      raw = parseYaml(raw);
    } catch {
      return undefined;
    }
  }
  return typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
}
