/**
 * The executor: runs a plan over a clock, the endpoint and a metrics source. Each stage is one
 * whole-endpoint write (weights and the rollout marker together), verified by the GET after it,
 * then judged window by window. The first failed window beyond the failure limit, an error, the
 * deadline or a cancellation ends it with one write that restores the backup's traffic and
 * mirror traffic (no weights in between).
 */
import { judgeWindow, type Judgement, type JudgedFigures } from './judge.ts';
import { formatRolloutMarker, withoutRolloutMarker, type RolloutMarker } from './marker.ts';
import { METRICS_GRAIN_MS, type Plan, type StageKind } from './plan.ts';
import {
  OutsideChangeError,
  type Clock,
  type EndpointPort,
  type EndpointState,
  type GateWebhook,
  type MetricsSource,
} from './ports.ts';
import { describeWeights, sameWeights, shareOf, type Weights } from './weights.ts';

export interface RolloutLogger {
  info(message: string): void;
  warning(message: string): void;
}

export interface RolloutRun {
  runId: string;
  attempt: number;
}

export interface ExecuteRequest {
  plan: Plan;
  run: RolloutRun;
  /** What the rollback restores (kept in the marker, so any later run can). */
  backup: { sha256: string; traffic: Weights; mirrorTraffic: Weights };
  /** The marker found on the endpoint before the rollout (see resumeDecision). */
  found?: RolloutMarker | undefined;
  clock: Clock;
  endpoint: EndpointPort;
  metrics: MetricsSource;
  gateWebhook?: GateWebhook | undefined;
  logger: RolloutLogger;
  /** Aborts on cancellation: the rollout rolls back. */
  signal?: AbortSignal | undefined;
  /** Epoch ms on `clock` by which the rollout must be done, rollback included. */
  deadline: number;
  /** The signal the restoring write runs under (its own budget, not the cancelled one). */
  rollbackSignal?: () => AbortSignal | undefined;
  rollbackOnFailure: boolean;
  /** Delete `from` after the promotion (only with a verified backup). */
  deleteOld: boolean;
  backupVerified: boolean;
}

export interface WindowRecord {
  stage: number;
  kind: StageKind;
  percent: number;
  start: string;
  end: string;
  traffic: Weights;
  mirrorTraffic: Weights;
  to: JudgedFigures & { name: string };
  from: JudgedFigures & { name: string };
  verdict: Judgement['verdict'];
  gate?: string | undefined;
  reason: string;
  /** For an inconclusive window: what the on-inconclusive policy made of it. */
  counted?: 'failure' | 'pass' | 'hold' | undefined;
}

export interface WriteRecord {
  /** Stage index, or -1 for the restoring write. */
  stage: number;
  kind: StageKind | 'rollback';
  at: string;
  traffic: Weights;
  mirrorTraffic: Weights;
  /** Clock ms the write took, operation and verifying GET included. */
  durationMs: number;
}

export type RolloutTrigger =
  'gate' | 'error' | 'deadline' | 'cancelled' | 'outside-change' | 'unfinished-rollout';

export interface RolloutReport {
  from: string;
  to: string;
  result: 'promoted' | 'rolled-back' | 'halted';
  reason: string;
  trigger?: RolloutTrigger | undefined;
  /** The gate whose window failed the rollout. */
  gate?: string | undefined;
  finalTraffic: Weights;
  finalMirrorTraffic: Weights;
  stepsCompleted: number;
  /** Stage index the run resumed at, when it did. */
  resumedAt?: number | undefined;
  windows: WindowRecord[];
  writes: WriteRecord[];
  deleted?: string | undefined;
  /** Clock ms from the decision to roll back until the endpoint was verified at the backup. */
  rollbackMs?: number | undefined;
}

/** What a marker found before the rollout means for this run. */
export function resumeDecision(
  found: RolloutMarker | undefined,
  run: RolloutRun,
): 'fresh' | 'resume' | 'restore' {
  if (!found) return 'fresh';
  return found.runId === run.runId ? 'resume' : 'restore';
}

/** Ends the stages early: a failed gate, the deadline, a cancellation or an outside change. */
class Stop extends Error {
  readonly trigger: RolloutTrigger;
  readonly gate: string | undefined;

  constructor(trigger: RolloutTrigger, message: string, gate?: string) {
    super(message);
    this.trigger = trigger;
    this.gate = gate;
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
const ceilMinute = (ms: number) => Math.ceil(ms / METRICS_GRAIN_MS) * METRICS_GRAIN_MS;

export async function executeRollout(request: ExecuteRequest): Promise<RolloutReport> {
  const { plan, clock, endpoint, logger } = request;
  const { stages, gates } = plan;
  const names = { from: plan.from, to: plan.to };
  const report: RolloutReport = {
    from: plan.from,
    to: plan.to,
    result: 'promoted',
    reason: '',
    finalTraffic: plan.backup.traffic,
    finalMirrorTraffic: plan.backup.mirrorTraffic,
    stepsCompleted: 0,
    windows: [],
    writes: [],
  };
  const backup = request.found?.backup ?? request.backup;
  /** What the endpoint's weights are known to be (what this rollout last wrote, or found). */
  let last: { traffic: Weights; mirrorTraffic: Weights } = plan.backup;
  let markerWritten = false;

  const stopped = (): Stop | undefined => {
    if (request.signal?.aborted) return new Stop('cancelled', 'The workflow run was cancelled');
    if (clock.now() >= request.deadline)
      return new Stop('deadline', 'The timeout passed before the rollout finished');
    return undefined;
  };
  const check = () => {
    const stop = stopped();
    if (stop) throw stop;
  };
  /** Sleeps until `until` on the clock, waking for cancellation; the deadline ends it too. */
  const sleepUntil = async (until: number) => {
    const wake = Math.min(until, request.deadline);
    try {
      await clock.sleep(Math.max(0, wake - clock.now()), request.signal);
    } catch (err) {
      throw stopped() ?? err;
    }
    check();
  };

  const write = async (
    stage: number,
    kind: WriteRecord['kind'],
    traffic: Weights,
    mirrorTraffic: Weights,
    tags: (read: Record<string, string>) => Record<string, string>,
    expect: typeof last | undefined,
    signal: AbortSignal | undefined,
  ) => {
    const started = clock.now();
    logger.info(
      `${kind === 'rollback' ? 'Restoring the backup' : `Stage ${stage + 1} (${kind})`}: traffic ${describeWeights(traffic)}, mirror ${describeWeights(mirrorTraffic)}.`,
    );
    const after = await endpoint.write({ traffic, mirrorTraffic, tags, expect }, signal);
    report.writes.push({
      stage,
      kind,
      at: iso(started),
      traffic,
      mirrorTraffic,
      durationMs: clock.now() - started,
    });
    // What the GET after the write reads is someone else's change when it is not what was written.
    if (!sameWeights(after.traffic, traffic) || !sameWeights(after.mirrorTraffic, mirrorTraffic)) {
      throw new OutsideChangeError({ traffic, mirrorTraffic }, after);
    }
    last = { traffic: after.traffic, mirrorTraffic: after.mirrorTraffic };
    return after;
  };

  const judgeStage = async (index: number, bakeStartedAt: number, firstWindow: number) => {
    const stage = stages[index];
    if (!stage || stage.bakeMs === 0) return;
    const needed = Math.max(1, Math.floor(stage.bakeMs / METRICS_GRAIN_MS));
    let judged = 0;
    let failures = 0;
    let holdingSince: number | undefined;
    let start = firstWindow;
    while (judged < needed || clock.now() < bakeStartedAt + stage.bakeMs) {
      if (judged >= needed) {
        await sleepUntil(bakeStartedAt + stage.bakeMs);
        continue;
      }
      const end = start + METRICS_GRAIN_MS;
      await sleepUntil(end + plan.metricsDelayMs);
      const figures = await request.metrics
        .window(start, end, [plan.from, plan.to], request.signal)
        .catch((err: unknown) => {
          throw stopped() ?? err;
        });
      const get = (name: string) =>
        figures[
          Object.keys(figures).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name
        ] ?? { requests: 0, errors: 0 };
      let judgement = judgeWindow(get(plan.to), get(plan.from), gates, names);
      const record: WindowRecord = {
        stage: index,
        kind: stage.kind,
        percent: stage.percent,
        start: iso(start),
        end: iso(end),
        traffic: stage.traffic,
        mirrorTraffic: stage.mirrorTraffic,
        to: { name: plan.to, ...judgement.to },
        from: { name: plan.from, ...judgement.from },
        verdict: judgement.verdict,
        gate: judgement.gate,
        reason: judgement.reason,
      };
      if (judgement.verdict !== 'fail' && request.gateWebhook) {
        const answer = await request.gateWebhook(record, request.signal).catch((err: unknown) => {
          throw stopped() ?? err;
        });
        if (!answer.ok) {
          judgement = {
            ...judgement,
            verdict: 'fail',
            gate: 'gate-webhook',
            reason: `gate-webhook answered HTTP ${answer.status}`,
          };
          Object.assign(record, {
            verdict: 'fail',
            gate: 'gate-webhook',
            reason: judgement.reason,
          });
        }
      }
      report.windows.push(record);
      start = end;
      let verdict = judgement.verdict;
      if (verdict === 'inconclusive') {
        const policy = gates.onInconclusive;
        if (policy === 'hold') {
          holdingSince ??= clock.now();
          const held = clock.now() - holdingSince;
          if (held <= gates.maxHoldMs) {
            record.counted = 'hold';
            logger.info(
              `Window ${record.start}: inconclusive (${judgement.reason}); holding the weights (${Math.round(held / 1000)}s of max-hold ${Math.round(gates.maxHoldMs / 1000)}s).`,
            );
            continue;
          }
          record.counted = 'failure';
          record.reason = `${judgement.reason}; no conclusive window within max-hold`;
          verdict = 'fail';
        } else {
          record.counted = policy === 'fail' ? 'failure' : 'pass';
          verdict = policy;
        }
      }
      holdingSince = undefined;
      logger.info(
        `Window ${record.start} at ${describeWeights(stage.traffic)}: ${verdict}${record.counted ? ` (inconclusive, on-inconclusive ${gates.onInconclusive})` : ''}: ${record.reason}.`,
      );
      if (verdict === 'fail') {
        failures += 1;
        if (failures > gates.failureLimit) {
          throw new Stop(
            'gate',
            `Gate ${record.gate ?? 'min-requests'} failed at stage ${index + 1} (${describeStage(stage.kind, stage.percent)}), window ${record.start}: ${record.reason}`,
            record.gate,
          );
        }
      }
      judged += 1;
    }
  };

  const rollBack = async (stop: Stop | Error): Promise<RolloutReport> => {
    const trigger =
      stop instanceof Stop
        ? stop.trigger
        : stop instanceof OutsideChangeError
          ? 'outside-change'
          : 'error';
    Object.assign(report, {
      trigger,
      reason: stop.message,
      gate: stop instanceof Stop ? stop.gate : undefined,
    });
    if (!request.rollbackOnFailure && trigger !== 'cancelled' && trigger !== 'unfinished-rollout') {
      logger.warning(
        `${stop.message}. rollback-on-failure is false: the traffic stays at ${describeWeights(last.traffic)}.`,
      );
      return {
        ...report,
        result: 'halted',
        finalTraffic: last.traffic,
        finalMirrorTraffic: last.mirrorTraffic,
      };
    }
    const decided = clock.now();
    const signal = request.rollbackSignal?.();
    logger.warning(
      `${stop.message}. Rolling back to the backup (${describeWeights(backup.traffic)}, mirror ${describeWeights(backup.mirrorTraffic)}) in one write.`,
    );
    const current = markerWritten || request.found ? undefined : await endpoint.read(signal);
    if (
      current &&
      sameWeights(current.traffic, backup.traffic) &&
      sameWeights(current.mirrorTraffic, backup.mirrorTraffic)
    ) {
      logger.info('The endpoint is at the backup already; nothing to write.');
    } else {
      await write(
        -1,
        'rollback',
        backup.traffic,
        backup.mirrorTraffic,
        withoutRolloutMarker,
        undefined,
        signal,
      );
    }
    return {
      ...report,
      result: 'rolled-back',
      finalTraffic: backup.traffic,
      finalMirrorTraffic: backup.mirrorTraffic,
      rollbackMs: clock.now() - decided,
    };
  };

  const decision = resumeDecision(request.found, request.run);
  if (decision === 'restore') {
    const found = request.found as RolloutMarker;
    return rollBack(
      new Stop(
        'unfinished-rollout',
        `The endpoint carries an unfinished rollout of run ${found.runId} (attempt ${found.attempt}, backup sha256 ${found.backup.sha256}); it is restored from that backup first; run again to roll out`,
      ),
    );
  }
  let index = 0;
  let resumedBake: number | undefined;
  if (decision === 'resume') {
    const found = request.found as RolloutMarker;
    const stage = stages[found.stage];
    if (
      !stage ||
      !sameWeights(stage.traffic, found.traffic) ||
      !sameWeights(stage.mirrorTraffic, found.mirrorTraffic)
    ) {
      return rollBack(
        new Stop(
          'error',
          `The rollout of run ${found.runId} stopped at stage ${found.stage + 1} with weights ${describeWeights(found.traffic)}, which this plan does not have (were the inputs changed?)`,
        ),
      );
    }
    index = found.stage;
    resumedBake = found.bakeStartedAt;
    last = { traffic: found.traffic, mirrorTraffic: found.mirrorTraffic };
    markerWritten = true;
    report.resumedAt = index;
    report.stepsCompleted = stages.slice(0, index).filter((s) => s.kind === 'step').length;
    logger.info(
      `Resuming the rollout of run ${found.runId} at stage ${index + 1} (${describeStage(stage.kind, stage.percent)}), baking since ${iso(found.bakeStartedAt)}.`,
    );
  }

  try {
    check();
    if (resumedBake !== undefined) {
      const live = await endpoint.read(request.signal);
      if (
        !sameWeights(live.traffic, last.traffic) ||
        !sameWeights(live.mirrorTraffic, last.mirrorTraffic)
      ) {
        throw new OutsideChangeError(last, live);
      }
    }
    for (; index < stages.length; index++) {
      const stage = stages[index];
      if (!stage) break;
      let bakeStartedAt: number;
      let firstWindow: number;
      if (resumedBake !== undefined) {
        bakeStartedAt = resumedBake;
        firstWindow = ceilMinute(resumedBake);
        resumedBake = undefined;
      } else {
        check();
        bakeStartedAt = clock.now();
        const final = stage.kind === 'final';
        const marker: RolloutMarker = {
          runId: request.run.runId,
          attempt: request.run.attempt,
          stage: index,
          traffic: stage.traffic,
          mirrorTraffic: stage.mirrorTraffic,
          bakeStartedAt,
          backup,
        };
        const tags = final
          ? withoutRolloutMarker
          : (read: Record<string, string>) => ({
              ...withoutRolloutMarker(read),
              ...formatRolloutMarker(marker),
            });
        markerWritten = true;
        // Not abandoned on cancellation: Azure would finish it after the rollback. It is waited
        // out (within its own allowance), then the rollback follows.
        await write(
          index,
          stage.kind,
          stage.traffic,
          stage.mirrorTraffic,
          tags,
          last,
          undefined,
        ).catch((err: unknown) => {
          throw stopped() ?? err;
        });
        if (final) markerWritten = false;
        firstWindow = ceilMinute(clock.now());
      }
      await judgeStage(index, bakeStartedAt, firstWindow);
      if (stage.kind === 'step') report.stepsCompleted += 1;
    }
  } catch (err) {
    return rollBack(err instanceof Error ? err : new Error(String(err)));
  }
  report.finalTraffic = last.traffic;
  report.finalMirrorTraffic = last.mirrorTraffic;
  report.reason = `${plan.to} takes ${shareOf(last.traffic, plan.to)} % of live traffic after ${report.stepsCompleted} steps`;
  if (request.deleteOld) {
    if (!request.backupVerified) {
      logger.warning(`delete-old: ${plan.from} is kept: the backup was not verified.`);
    } else if (
      shareOf(last.traffic, plan.from) === 0 &&
      shareOf(last.mirrorTraffic, plan.from) === 0
    ) {
      logger.info(`Deleting ${plan.from} (0 % live and mirror traffic).`);
      await endpoint.deleteDeployment(plan.from, request.signal);
      report.deleted = plan.from;
    }
  }
  return report;
}

export const describeStage = (kind: StageKind, percent: number): string =>
  kind === 'mirror' ? 'mirror' : kind === 'mirror-off' ? 'mirror off' : `${percent} %`;

export type { EndpointState };
