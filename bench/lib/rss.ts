import { readFileSync } from 'node:fs';

/**
 * Resident set size of a process in bytes, from `/proc/<pid>/status` (VmRSS; Linux only).
 * Returns undefined when the process is gone (or has no VmRSS line: a zombie).
 */
export function readRssBytes(pid: number): number | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return match ? Number(match[1]) * 1024 : undefined;
}

/** What an {@link RssSampler} saw, in bytes. */
export interface RssSummary {
  pid: number;
  samples: number;
  median: number;
  max: number;
  last: number;
}

/**
 * Samples a process's RSS every `intervalMs` until stopped (for the services' memory goals:
 * start it after the service is up and the load is running, stop it at the end).
 */
export class RssSampler {
  private readonly values: number[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly pid: number,
    /** Sampling period in ms. Default 100. */
    private readonly intervalMs = 100,
  ) {}

  start(): void {
    if (this.timer) return;
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    // Sampling must never keep a finished benchmark alive.
    this.timer.unref();
  }

  /** Stops sampling (taking one last sample) and summarizes; throws if no sample was taken. */
  stop(): RssSummary {
    clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
    if (this.values.length === 0) throw new Error(`no RSS sample of process ${this.pid} (is it running?)`);
    const sorted = [...this.values].sort((a, b) => a - b);
    return {
      pid: this.pid,
      samples: sorted.length,
      median: sorted[Math.floor((sorted.length - 1) / 2)]!,
      max: sorted[sorted.length - 1]!,
      last: this.values[this.values.length - 1]!,
    };
  }

  private sample(): void {
    const value = readRssBytes(this.pid);
    if (value !== undefined) this.values.push(value);
  }
}

/** Bytes as MiB with one decimal. */
export const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
