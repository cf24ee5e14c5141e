import { randomUUID } from 'node:crypto';
import {
  InvalidNewRunError,
  RunNotFoundError,
  assertRunCreation,
  assertTransition,
  isFinishedRunStatus,
  type NewRun,
  type NewRunEvent,
  type RunFilter,
  type RunPage,
  type RunPageRequest,
  type RunRecord,
  type RunStatus,
  type RunStore,
  type TransitionResult,
  type TransitionStatusInput,
} from '@orrery/core';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { DbClient, TransactionClient } from '../transaction.js';
import { isUuid } from '../uuid.js';
import { jsonRowToRunRecord, toRunRecord, withTags } from './run-rows.js';
import { changeRunStatus, eventColumns, insertRun, selectRun } from './run-statements.js';

const MAX_PAGE = 1000;

/** RunStore on Postgres (`runs`, `run_tags`, `event_logs`). Methods take an optional transaction last. */
export class PrismaRunStore implements RunStore {
  constructor(private readonly prisma: PrismaClient) {}

  async createRun(run: NewRun, event?: NewRunEvent, tx?: TransactionClient): Promise<RunRecord> {
    const status = run.status ?? 'QUEUED';
    assertRunCreation(status, event?.type);
    const runId = run.runId ?? randomUUID();
    if (!isUuid(runId)) throw new InvalidNewRunError(status, event?.type, `run id "${runId}" is not a UUID`);
    // One statement: the run, its tags and its first event are atomic without a transaction.
    const row = await insertRun(tx ?? this.prisma, {
      runId,
      jobName: run.jobName,
      status,
      locationName: run.locationName ?? null,
      snapshotId: run.snapshotId ?? null,
      partitionKey: run.partitionKey ?? null,
      backfillId: run.backfillId ?? null,
      parentRunId: run.parentRunId ?? null,
      rootRunId: run.rootRunId ?? null,
      body: run.body ?? { runConfig: {} },
      tags: Object.entries(run.tags ?? {}),
      event: event ? eventColumns(event, event.timestamp ?? new Date()) : null,
    });
    return jsonRowToRunRecord(row);
  }

  async getRun(runId: string, tx?: TransactionClient): Promise<RunRecord | null> {
    return await findRun(tx ?? this.prisma, runId);
  }

  async listRuns(filter: RunFilter, page: RunPageRequest): Promise<RunPage> {
    if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > MAX_PAGE) {
      throw new RangeError(`limit must be an integer from 1 to ${MAX_PAGE} (got ${page.limit})`);
    }
    // The cursor is the last run id of the previous page; we page on its storage id, which
    // orders runs by creation and, unlike create_time, never ties.
    let beforeId: bigint | undefined;
    if (page.cursor) {
      const cursor = isUuid(page.cursor)
        ? await this.prisma.run.findUnique({ where: { runId: page.cursor }, select: { id: true } })
        : null;
      if (!cursor) throw new RunNotFoundError(page.cursor);
      beforeId = cursor.id;
    }
    const rows = await this.prisma.run.findMany({
      where: { ...runWhere(filter), ...(beforeId !== undefined && { id: { lt: beforeId } }) },
      orderBy: { id: 'desc' },
      take: page.limit + 1,
      include: withTags,
    });
    const runs = rows.slice(0, page.limit).map(toRunRecord);
    return { runs, nextCursor: rows.length > page.limit ? runs.at(-1)!.runId : null };
  }

  async transitionStatus(input: TransitionStatusInput, tx?: TransactionClient): Promise<TransitionResult> {
    const { runId, to } = input;
    const from: readonly RunStatus[] = typeof input.from === 'string' ? [input.from] : input.from;
    if (from.length === 0) throw new TypeError('transitionStatus: `from` names no status');
    // Validate every from → to against the table before touching the database; they all
    // name the same event, because the causing event depends only on the target status.
    const eventType = from.map((status) => assertTransition(status, to, { runId }))[0]!;
    if (input.failureReason !== undefined && to !== 'FAILURE') {
      throw new TypeError(`transitionStatus: failureReason is only for FAILURE (to is ${to})`);
    }
    if (!isUuid(runId)) return { applied: false, run: null, eventId: null };
    const timestamp = input.event?.timestamp ?? new Date();

    // One statement whether or not the caller has a transaction: the conditional UPDATE is
    // the fence, and the event is inserted only from its rows (see changeRunStatus).
    const row = await changeRunStatus(tx ?? this.prisma, {
      runId,
      from,
      to,
      attempt: input.attempt ?? null,
      incrementAttempt: input.incrementAttempt ?? false,
      startTime: to === 'STARTED' ? timestamp : null,
      endTime: isFinishedRunStatus(to) ? timestamp : null,
      failureReason: to === 'FAILURE' ? (input.failureReason ?? 'UNKNOWN') : null,
      event: eventColumns({ ...input.event, type: eventType }, timestamp),
    });
    if (!row) return { applied: false, run: null, eventId: null };
    const eventId = row.eventId === null ? null : BigInt(row.eventId);
    return { applied: eventId !== null, run: jsonRowToRunRecord(row), eventId };
  }
}

async function findRun(db: DbClient, runId: string): Promise<RunRecord | null> {
  if (!isUuid(runId)) return null;
  const row = await selectRun(db, runId);
  return row ? jsonRowToRunRecord(row) : null;
}

/** The WHERE clause of a RunFilter; an empty list matches nothing. */
function runWhere(filter: RunFilter): Prisma.RunWhereInput {
  const created =
    filter.createdBefore || filter.createdAfter
      ? { ...(filter.createdBefore && { lt: filter.createdBefore }), ...(filter.createdAfter && { gt: filter.createdAfter }) }
      : undefined;
  return {
    ...(filter.runIds && { runId: { in: filter.runIds.filter(isUuid) } }),
    ...(filter.statuses && { status: { in: [...filter.statuses] } }),
    ...(filter.jobName !== undefined && { jobName: filter.jobName }),
    ...(filter.backfillId !== undefined && { backfillId: filter.backfillId }),
    ...(created && { createTime: created }),
    // One EXISTS per tag: a run must carry every requested tag.
    AND: Object.entries(filter.tags ?? {}).map(([key, value]) => ({ tags: { some: { key, value } } })),
  };
}
