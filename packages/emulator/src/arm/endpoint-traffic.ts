import { armError, isRecord, type HttpError } from '../http.ts';

const invalid = (message: string): HttpError => armError(400, 'UserError', message);

/** `properties.traffic` or `properties.mirrorTraffic` as a map of whole percentages. */
function percentages(value: unknown, field: string, max: number): Record<string, number> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) {
    throw invalid(
      `${field}: expected an object of deployment name -> percent, got ${JSON.stringify(value)}.`,
    );
  }
  for (const [name, percent] of Object.entries(value)) {
    if (!(Number.isInteger(percent) && (percent as number) >= 0 && (percent as number) <= max)) {
      throw invalid(
        `${field}.${name}: expected a whole percentage 0-${max}, got ${JSON.stringify(percent)}.`,
      );
    }
  }
  return value as Record<string, number>;
}

/**
 * Azure's traffic rules for an endpoint PUT: every key names one of its deployments, live
 * traffic sums to 100 (or 0), and at most one deployment gets mirrored traffic, up to 50 %,
 * and only one that takes no live traffic. Returns the maps with names as the deployments
 * spell them.
 */
export function validateTraffic(
  endpoint: string,
  deployments: readonly string[],
  trafficValue: unknown,
  mirrorValue: unknown,
): { traffic: Record<string, number>; mirrorTraffic: Record<string, number> } {
  const canonical = (field: string, name: string): string => {
    const found = deployments.find((d) => d.toLowerCase() === name.toLowerCase());
    if (found === undefined) {
      throw invalid(
        `${field}: deployment '${name}' does not exist on endpoint '${endpoint}'` +
          (deployments.length
            ? ` (its deployments: ${deployments.join(', ')}).`
            : ' (it has none).'),
      );
    }
    return found;
  };
  const rename = (map: Record<string, number>, field: string): Record<string, number> =>
    Object.fromEntries(Object.entries(map).map(([n, p]) => [canonical(`${field}.${n}`, n), p]));

  const traffic = rename(
    percentages(trafficValue, 'properties.traffic', 100),
    'properties.traffic',
  );
  const sum = Object.values(traffic).reduce((a, b) => a + b, 0);
  if (sum !== 100 && sum !== 0) {
    throw invalid(
      `properties.traffic: the percentages must sum to 100 (or 0 for no live traffic), got ${sum} in ${JSON.stringify(traffic)}.`,
    );
  }
  const mirrorTraffic = rename(
    percentages(mirrorValue, 'properties.mirrorTraffic', 50),
    'properties.mirrorTraffic',
  );
  const mirrored = Object.keys(mirrorTraffic);
  if (mirrored.length > 1) {
    throw invalid(
      `properties.mirrorTraffic: at most one deployment can receive mirrored traffic, got ${mirrored.join(', ')}.`,
    );
  }
  for (const name of mirrored) {
    if ((traffic[name] ?? 0) > 0) {
      throw invalid(
        `properties.mirrorTraffic.${name}: a deployment with live traffic (${traffic[name]}%) cannot also receive mirrored traffic.`,
      );
    }
  }
  return { traffic, mirrorTraffic };
}
