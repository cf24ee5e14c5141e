-- AlterTable
ALTER TABLE "runs" ADD COLUMN     "heartbeat_time" TIMESTAMPTZ(3);
