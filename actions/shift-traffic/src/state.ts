import { defineState } from '@mlops-actions/action-kit';

/** What the main step leaves for the post step, so a cancelled or killed rollout is still returned to its backup. */
const state = defineState({ endpoint: 'string', backup: 'string', result: 'string' });

export interface SavedBackup {
  id: string;
  sha256: string;
  traffic: Record<string, number>;
  mirrorTraffic: Record<string, number>;
}

/** Saved before the first write. */
export const rememberBackup = (endpoint: string, backup: SavedBackup): void => {
  state.save('endpoint', endpoint);
  state.save('backup', JSON.stringify(backup));
};

/** How the main step ended, once it did. */
export const rememberResult = (result: string): void => state.save('result', result);

/** The rollout the main step started; undefined when it wrote nothing. */
export function startedRollout():
  { endpoint: string; backup: SavedBackup; result: string | undefined } | undefined {
  const endpoint = state.get('endpoint');
  const backup = state.get('backup');
  if (!endpoint || !backup) return undefined;
  return { endpoint, backup: JSON.parse(backup) as SavedBackup, result: state.get('result') };
}
