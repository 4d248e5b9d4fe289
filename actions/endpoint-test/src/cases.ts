import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError, readScoringCase, type AzureConnection } from '@mlops-actions/action-kit';
import type { EndpointTestCase } from '@mlops-actions/azureml';

const REQUEST = '.request.json';
const EXPECTED_SUFFIXES = ['.expected.json', '.schema.json'];
const FOLDER_EXPECTED = `a folder of <name>${REQUEST} files, each beside <name>.expected.json or <name>.schema.json`;

/**
 * The cases of a `tests` folder, in name order, each read and checked before any request: a
 * request without its expected answer, or with two, is an input error naming the file.
 */
export async function readCases(
  azureml: AzureConnection['azureml'],
  folder: string,
  timeoutMs: number,
): Promise<EndpointTestCase[]> {
  let names: string[];
  try {
    if (!statSync(folder).isDirectory()) throw new Error('not a folder');
    names = readdirSync(folder).sort();
  } catch (err) {
    const reason =
      (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : (err as Error).message;
    throw new InputError({
      input: 'tests',
      expected: FOLDER_EXPECTED,
      given: `${JSON.stringify(folder)} (${reason})`,
    });
  }
  const requests = names.filter((n) => n.endsWith(REQUEST));
  if (requests.length === 0) {
    throw new InputError({
      input: 'tests',
      expected: FOLDER_EXPECTED,
      given: `${JSON.stringify(folder)} (no ${REQUEST} file in it)`,
    });
  }
  const cases: EndpointTestCase[] = [];
  for (const request of requests) {
    const name = request.slice(0, -REQUEST.length);
    const answers = EXPECTED_SUFFIXES.map((s) => name + s).filter((n) => names.includes(n));
    const file = path.join(folder, request);
    if (answers.length !== 1) {
      throw new InputError({
        input: 'tests',
        expected: `one expected answer for ${file}: ${EXPECTED_SUFFIXES.map((s) => name + s).join(' or ')}`,
        given: answers.length === 0 ? 'neither' : 'both',
        file,
      });
    }
    const expected = { input: 'tests', file: path.join(folder, answers[0] ?? '') };
    const test = await readScoringCase(azureml, { input: 'tests', file }, expected, timeoutMs);
    cases.push({ name, ...test });
  }
  return cases;
}
