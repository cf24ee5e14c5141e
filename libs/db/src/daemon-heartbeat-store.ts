import type { PrismaClient } from './generated/prisma/client.js';

/** One service replica's last heartbeat (`daemon_heartbeats`). */
export interface DaemonHeartbeat {
  /** API, SCHEDULER, SENSOR, RUN_LAUNCHER or EXECUTOR. */
  daemonType: string;
  /** The replica's id, random per process start. */
  daemonId: string;
  timestamp: Date;
  /** Host, pid, start time, the last iteration errors: JSON. */
  body: Record<string, unknown>;
}

/** Writes and reads `daemon_heartbeats`, one row per replica. */
export class PrismaDaemonHeartbeatStore {
  constructor(private readonly prisma: PrismaClient) {}

  /** Inserts or refreshes the replica's row (one statement). */
  async beat(heartbeat: DaemonHeartbeat): Promise<void> {
    const { daemonType, daemonId, timestamp, body } = heartbeat;
    await this.prisma.daemonHeartbeat.upsert({
      where: { daemonType_daemonId: { daemonType, daemonId } },
      create: { daemonType, daemonId, timestamp, body: body as object },
      update: { timestamp, body: body as object },
    });
  }

  /** Every replica's last heartbeat, newest first; optionally of one type. */
  async list(daemonType?: string): Promise<DaemonHeartbeat[]> {
    const rows = await this.prisma.daemonHeartbeat.findMany({
      where: daemonType === undefined ? {} : { daemonType },
      orderBy: { timestamp: 'desc' },
    });
    return rows.map((row) => ({ ...row, body: row.body as Record<string, unknown> }));
  }
}
