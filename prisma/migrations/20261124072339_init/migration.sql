-- CreateEnum
CREATE TYPE "run_status" AS ENUM ('NOT_STARTED', 'QUEUED', 'STARTING', 'STARTED', 'SUCCESS', 'FAILURE', 'CANCELING', 'CANCELED', 'MANAGED');

-- CreateEnum
CREATE TYPE "event_type" AS ENUM ('RUN_ENQUEUED', 'RUN_DEQUEUED', 'RUN_STARTING', 'RUN_START', 'RUN_SUCCESS', 'RUN_FAILURE', 'RUN_CANCELING', 'RUN_CANCELED', 'STEP_START', 'STEP_SUCCESS', 'STEP_FAILURE', 'STEP_SKIPPED', 'STEP_UP_FOR_RETRY', 'STEP_RESTARTED', 'STEP_WORKER_STARTING', 'STEP_WORKER_STARTED', 'ASSET_MATERIALIZATION', 'ASSET_MATERIALIZATION_PLANNED', 'ASSET_OBSERVATION', 'ASSET_FAILED_TO_MATERIALIZE', 'ASSET_CHECK_EVALUATION', 'ASSET_CHECK_EVALUATION_PLANNED', 'RESOURCE_INIT_STARTED', 'RESOURCE_INIT_SUCCESS', 'RESOURCE_INIT_FAILURE', 'LOADED_INPUT', 'HANDLED_OUTPUT', 'LOGS_CAPTURED', 'ENGINE_EVENT', 'LOG_MESSAGE');

-- CreateTable
CREATE TABLE "instance_info" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "instance_id" UUID NOT NULL,
    "schema_version" TEXT NOT NULL,
    "create_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "update_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "instance_info_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kvs" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "update_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "kvs_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "secondary_indexes" (
    "id" BIGSERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "create_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "migration_completed" TIMESTAMPTZ(3),

    CONSTRAINT "secondary_indexes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "snapshots" (
    "id" BIGSERIAL NOT NULL,
    "snapshot_id" TEXT NOT NULL,
    "snapshot_type" TEXT NOT NULL,
    "body" JSONB NOT NULL,
    "create_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "snapshots_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "runs" (
    "id" BIGSERIAL NOT NULL,
    "run_id" UUID NOT NULL,
    "job_name" TEXT NOT NULL,
    "status" "run_status" NOT NULL,
    "location_name" TEXT,
    "snapshot_id" TEXT,
    "partition_key" TEXT,
    "backfill_id" TEXT,
    "parent_run_id" UUID,
    "root_run_id" UUID,
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "failure_reason" TEXT,
    "run_body" JSONB NOT NULL,
    "create_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "update_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "start_time" TIMESTAMPTZ(3),
    "end_time" TIMESTAMPTZ(3),

    CONSTRAINT "runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "run_tags" (
    "id" BIGSERIAL NOT NULL,
    "run_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "run_tags_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "event_logs" (
    "id" BIGSERIAL NOT NULL,
    "run_id" UUID,
    "event_type" "event_type" NOT NULL,
    "step_key" TEXT,
    "asset_key" TEXT,
    "partition" TEXT,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "body" JSONB NOT NULL,

    CONSTRAINT "event_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pending_steps" (
    "id" BIGSERIAL NOT NULL,
    "pool" TEXT NOT NULL,
    "run_id" UUID NOT NULL,
    "step_key" TEXT NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "assigned_time" TIMESTAMPTZ(3),
    "create_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pending_steps_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "asset_keys" (
    "id" BIGSERIAL NOT NULL,
    "asset_key" TEXT NOT NULL,
    "last_materialization_event_id" BIGINT,
    "last_materialization_time" TIMESTAMPTZ(3),
    "last_observation_event_id" BIGINT,
    "last_observation_time" TIMESTAMPTZ(3),
    "last_planned_materialization_event_id" BIGINT,
    "last_planned_materialization_run_id" UUID,
    "last_run_id" UUID,
    "cached_status" JSONB,
    "wipe_time" TIMESTAMPTZ(3),
    "create_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "update_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "asset_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "asset_event_tags" (
    "id" BIGSERIAL NOT NULL,
    "event_id" BIGINT NOT NULL,
    "asset_key" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "event_time" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "asset_event_tags_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "asset_check_executions" (
    "id" BIGSERIAL NOT NULL,
    "asset_key" TEXT NOT NULL,
    "check_name" TEXT NOT NULL,
    "partition" TEXT,
    "run_id" UUID NOT NULL,
    "status" TEXT NOT NULL,
    "evaluation" JSONB,
    "evaluation_time" TIMESTAMPTZ(3),
    "evaluation_event_id" BIGINT,
    "materialization_event_id" BIGINT,
    "create_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "update_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "asset_check_executions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "asset_daemon_asset_evaluations" (
    "id" BIGSERIAL NOT NULL,
    "asset_key" TEXT NOT NULL,
    "evaluation_id" BIGINT NOT NULL,
    "num_requested" INTEGER NOT NULL DEFAULT 0,
    "body" JSONB NOT NULL,
    "create_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "asset_daemon_asset_evaluations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dynamic_partitions" (
    "id" BIGSERIAL NOT NULL,
    "definition_name" TEXT NOT NULL,
    "partition" TEXT NOT NULL,
    "create_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dynamic_partitions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "jobs" (
    "id" BIGSERIAL NOT NULL,
    "origin_id" TEXT NOT NULL,
    "selector_id" TEXT NOT NULL,
    "location_name" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "job_type" TEXT NOT NULL,
    "body" JSONB NOT NULL,
    "create_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "update_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "instigators" (
    "id" BIGSERIAL NOT NULL,
    "selector_id" TEXT NOT NULL,
    "location_name" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "cursor" TEXT,
    "state" JSONB NOT NULL,
    "create_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "update_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "instigators_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_ticks" (
    "id" BIGSERIAL NOT NULL,
    "instigator_origin_id" TEXT NOT NULL,
    "selector_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "tick_time" TIMESTAMPTZ(3) NOT NULL,
    "run_ids" UUID[] DEFAULT ARRAY[]::UUID[],
    "run_keys" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "cursor" TEXT,
    "error" JSONB,
    "skip_reason" TEXT,
    "body" JSONB NOT NULL DEFAULT '{}',
    "create_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "update_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "end_time" TIMESTAMPTZ(3),

    CONSTRAINT "job_ticks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "daemon_heartbeats" (
    "daemon_type" TEXT NOT NULL,
    "daemon_id" TEXT NOT NULL,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "body" JSONB NOT NULL,

    CONSTRAINT "daemon_heartbeats_pkey" PRIMARY KEY ("daemon_type","daemon_id")
);

-- CreateTable
CREATE TABLE "bulk_actions" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "action_type" TEXT NOT NULL,
    "selector_id" TEXT,
    "job_name" TEXT,
    "parent_backfill_id" TEXT,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "body" JSONB NOT NULL,
    "create_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "update_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bulk_actions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "concurrency_limits" (
    "pool" TEXT NOT NULL,
    "limit" INTEGER NOT NULL,
    "using_default_limit" BOOLEAN NOT NULL DEFAULT false,
    "create_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "update_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "concurrency_limits_pkey" PRIMARY KEY ("pool")
);

-- CreateTable
CREATE TABLE "concurrency_slots" (
    "id" BIGSERIAL NOT NULL,
    "pool" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "run_id" UUID,
    "step_key" TEXT,
    "claimed_at" TIMESTAMPTZ(3),
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "create_time" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "concurrency_slots_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "instance_info_instance_id_key" ON "instance_info"("instance_id");

-- CreateIndex
CREATE UNIQUE INDEX "secondary_indexes_name_key" ON "secondary_indexes"("name");

-- CreateIndex
CREATE UNIQUE INDEX "snapshots_snapshot_id_key" ON "snapshots"("snapshot_id");

-- CreateIndex
CREATE UNIQUE INDEX "runs_run_id_key" ON "runs"("run_id");

-- CreateIndex
CREATE INDEX "runs_status_update_time_idx" ON "runs"("status", "update_time");

-- CreateIndex
CREATE INDEX "runs_job_name_id_idx" ON "runs"("job_name", "id");

-- CreateIndex
CREATE INDEX "runs_partition_key_job_name_idx" ON "runs"("partition_key", "job_name");

-- CreateIndex
CREATE INDEX "runs_backfill_id_id_idx" ON "runs"("backfill_id", "id");

-- CreateIndex
CREATE INDEX "runs_root_run_id_idx" ON "runs"("root_run_id");

-- CreateIndex
CREATE INDEX "run_tags_key_value_idx" ON "run_tags"("key", "value");

-- CreateIndex
CREATE UNIQUE INDEX "run_tags_run_id_key_key" ON "run_tags"("run_id", "key");

-- CreateIndex
CREATE INDEX "event_logs_run_id_id_idx" ON "event_logs"("run_id", "id");

-- CreateIndex
CREATE INDEX "event_logs_event_type_id_idx" ON "event_logs"("event_type", "id");

-- CreateIndex
CREATE INDEX "event_logs_asset_key_partition_event_type_id_idx" ON "event_logs"("asset_key", "partition", "event_type", "id");

-- CreateIndex
CREATE INDEX "event_logs_asset_key_event_type_id_idx" ON "event_logs"("asset_key", "event_type", "id");

-- CreateIndex
CREATE INDEX "pending_steps_pool_assigned_time_priority_idx" ON "pending_steps"("pool", "assigned_time", "priority");

-- CreateIndex
CREATE INDEX "pending_steps_run_id_idx" ON "pending_steps"("run_id");

-- CreateIndex
CREATE UNIQUE INDEX "pending_steps_pool_run_id_step_key_key" ON "pending_steps"("pool", "run_id", "step_key");

-- CreateIndex
CREATE UNIQUE INDEX "asset_keys_asset_key_key" ON "asset_keys"("asset_key");

-- CreateIndex
CREATE INDEX "asset_event_tags_asset_key_key_value_idx" ON "asset_event_tags"("asset_key", "key", "value");

-- CreateIndex
CREATE INDEX "asset_event_tags_event_id_idx" ON "asset_event_tags"("event_id");

-- CreateIndex
CREATE INDEX "asset_check_executions_asset_key_check_name_partition_id_idx" ON "asset_check_executions"("asset_key", "check_name", "partition", "id");

-- CreateIndex
CREATE INDEX "asset_check_executions_run_id_idx" ON "asset_check_executions"("run_id");

-- CreateIndex
CREATE INDEX "asset_daemon_asset_evaluations_evaluation_id_idx" ON "asset_daemon_asset_evaluations"("evaluation_id");

-- CreateIndex
CREATE UNIQUE INDEX "asset_daemon_asset_evaluations_asset_key_evaluation_id_key" ON "asset_daemon_asset_evaluations"("asset_key", "evaluation_id");

-- CreateIndex
CREATE UNIQUE INDEX "dynamic_partitions_definition_name_partition_key" ON "dynamic_partitions"("definition_name", "partition");

-- CreateIndex
CREATE UNIQUE INDEX "jobs_origin_id_key" ON "jobs"("origin_id");

-- CreateIndex
CREATE INDEX "jobs_selector_id_idx" ON "jobs"("selector_id");

-- CreateIndex
CREATE INDEX "jobs_job_type_idx" ON "jobs"("job_type");

-- CreateIndex
CREATE UNIQUE INDEX "instigators_selector_id_key" ON "instigators"("selector_id");

-- CreateIndex
CREATE INDEX "instigators_type_status_idx" ON "instigators"("type", "status");

-- CreateIndex
CREATE INDEX "job_ticks_instigator_origin_id_tick_time_idx" ON "job_ticks"("instigator_origin_id", "tick_time");

-- CreateIndex
CREATE INDEX "job_ticks_status_tick_time_idx" ON "job_ticks"("status", "tick_time");

-- CreateIndex
CREATE UNIQUE INDEX "job_ticks_selector_id_tick_time_key" ON "job_ticks"("selector_id", "tick_time");

-- CreateIndex
CREATE INDEX "daemon_heartbeats_timestamp_idx" ON "daemon_heartbeats"("timestamp");

-- CreateIndex
CREATE UNIQUE INDEX "bulk_actions_key_key" ON "bulk_actions"("key");

-- CreateIndex
CREATE INDEX "bulk_actions_status_timestamp_idx" ON "bulk_actions"("status", "timestamp");

-- CreateIndex
CREATE INDEX "bulk_actions_selector_id_idx" ON "bulk_actions"("selector_id");

-- CreateIndex
CREATE INDEX "concurrency_slots_run_id_idx" ON "concurrency_slots"("run_id");

-- CreateIndex
CREATE UNIQUE INDEX "concurrency_slots_pool_slot_key" ON "concurrency_slots"("pool", "slot");

-- AddForeignKey
ALTER TABLE "runs" ADD CONSTRAINT "runs_snapshot_id_fkey" FOREIGN KEY ("snapshot_id") REFERENCES "snapshots"("snapshot_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_tags" ADD CONSTRAINT "run_tags_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("run_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event_logs" ADD CONSTRAINT "event_logs_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("run_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "asset_event_tags" ADD CONSTRAINT "asset_event_tags_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "event_logs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
