import { toIso } from '../clock.ts';

/** Who made and last changed a resource, and when (emulated epoch ms). */
export interface Authored {
  createdAt: number;
  createdBy: string;
  modifiedAt: number;
  modifiedBy: string;
}

/** ARM's systemData block; every caller of the emulator is a service principal. */
export function systemData(r: Authored): Record<string, string> {
  return {
    createdAt: toIso(r.createdAt),
    createdBy: r.createdBy,
    createdByType: 'Application',
    lastModifiedAt: toIso(r.modifiedAt),
    lastModifiedBy: r.modifiedBy,
    lastModifiedByType: 'Application',
  };
}
