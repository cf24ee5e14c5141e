import { type JsonObject } from '@orrery/core';
import { normalizeCheckResult } from '@orrery/sdk';
import type { StepAttempt, StepAttemptResult } from '../scheduler/step-attempt.js';
import { loadAssetInput } from './asset-io.js';
import { BlockingCheckFailedError } from './blocking-check-failed-error.js';
import { stepRunContext } from './step-run-context.js';
import { emitEvent, stepLogger, type RunScope } from './run-scope.js';
import { partitionContextFor } from './step-partitions.js';

/**
 * Runs one attempt of an `assetCheck()` step: loads the asset (unless the check does not
 * need its value), evaluates, and records ASSET_CHECK_EVALUATION. A failed check is data,
 * not a step failure — except a blocking check failing with severity ERROR, which fails
 * the step so the asset's downstream steps are skipped.
 */
export async function runCheckStep(scope: RunScope, checkKey: string, attempt: StepAttempt): Promise<StepAttemptResult> {
  const { step } = attempt;
  const check = scope.definitions.getAssetCheck(checkKey);
  const node = scope.definitions.getAssetNode(check.assetKey);
  const log = stepLogger(scope, step.key);
  const value = check.loadAsset ? await loadAssetInput(scope, step.key, 'asset', node, node.key, log) : undefined;
  const returned = await check.evaluate(
    {
      ...stepRunContext(scope, step.key, log, attempt.signal),
      ...partitionContextFor(scope, node.partitions), assetKey: node.key, checkName: check.name,
    },
    value,
  );
  const result = normalizeCheckResult(`asset check ${checkKey}`, returned);
  emitEvent(scope, 'ASSET_CHECK_EVALUATION', {
    stepKey: step.key, assetKey: node.keyString,
    level: result.passed ? 'INFO' : result.severity === 'ERROR' ? 'ERROR' : 'WARNING',
    message: `check ${checkKey} ${result.passed ? 'passed' : 'failed'}`,
    data: { checkName: check.name, passed: result.passed, severity: result.severity, blocking: check.blocking, metadata: result.metadata as unknown as JsonObject },
  });
  if (!result.passed && result.severity === 'ERROR' && check.blocking) throw new BlockingCheckFailedError(checkKey);
  return {};
}
