// Summaries of `--cpu-prof` profiles of the services: self time per function, over a window
// of the run only (the throughput phase), so start-up (module loading, tsx) does not count.
import { readFileSync } from 'node:fs';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
/** A V8 .cpuprofile: sample node ids and the µs between samples, from `startTime` (µs). */
interface Profile { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] }

/** One line of a profile summary. */
export interface SelfTime {
  /** `function (file:line)`, paths from the repository or node_modules. */
  frame: string;
  /** Where the code lives (libs/db, Prisma, pg, Node internals, …). */
  area: string;
  ms: number;
  /** Share of the window's sampled time, 0–1. */
  share: number;
}

/** A profile's self time over a window. */
export interface ProfileSummary {
  /** Sampled time inside the window, in ms. */
  windowMs: number;
  /** True when no sample fell inside the window and the whole profile was used instead. */
  wholeProfile: boolean;
  top: SelfTime[];
  areas: { area: string; ms: number; share: number }[];
}

function shortUrl(url: string): string {
  if (url === '') return '';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) return url.slice(modules + '/node_modules/'.length);
  const repo = url.search(/\/(apps|libs|bench|examples)\//);
  return repo >= 0 ? url.slice(repo + 1) : url.replace(/^file:\/\//, '');
}

/** Where a frame's code lives, coarsely: what a fix would have to touch. */
export function areaOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(garbage collector)') return 'garbage collector';
  if (functionName === '(program)') return 'V8/native (program)';
  if (url.includes('/generated/') || url.includes('/@prisma/')) return 'Prisma client + driver adapter';
  if (/\/node_modules\/(pg|pg-protocol|pg-types|pg-pool)\//.test(url)) return 'pg driver';
  if (url.includes('/@nats-io/')) return 'nats.js';
  if (url.includes('/node_modules/zod/')) return 'zod';
  if (url.includes('/node_modules/pino') || url.includes('/node_modules/sonic-boom/')) return 'pino (logging)';
  if (url.includes('/node_modules/fastify') || url.includes('/node_modules/@fastify/') || url.includes('/node_modules/find-my-way/') || url.includes('/node_modules/light-my-request/')) return 'fastify';
  if (url.includes('/node_modules/@opentelemetry/')) return 'OpenTelemetry';
  if (url.includes('/node_modules/tsx/') || url.includes('/node_modules/esbuild/')) return 'tsx';
  const repo = /\/(apps|libs)\/([^/]+)\//.exec(url);
  if (repo && !url.includes('/node_modules/')) return `${repo[1]}/${repo[2]}`;
  if (url.startsWith('node:') || url === '') return 'Node internals';
  return `other: ${shortUrl(url).split('/')[0]}`;
}

/**
 * Self time per function of the profile in `file`, counting only samples taken between
 * `fromUs` and `toUs` (µs of the monotonic clock, as `process.hrtime.bigint() / 1000n`: V8's
 * profiler stamps samples with the same clock on Linux, so windows compare across processes).
 */
export function summarizeProfile(file: string, fromUs: number, toUs: number, topN = 12): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, ProfileNode>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node);
  // A native frame (writev, writeBuffer, …) says little alone: name its nearest JS caller.
  const callerOf = (node: ProfileNode): string => {
    for (let parent = parentOf.get(node.id); parent; parent = parentOf.get(parent.id)) {
      if (parent.callFrame.url !== '') return ` ← ${parent.callFrame.functionName || '(anonymous)'} (${shortUrl(parent.callFrame.url)}:${parent.callFrame.lineNumber + 1})`;
    }
    return '';
  };
  const tally = (inWindow: (time: number) => boolean) => {
    const frames = new Map<string, { area: string; us: number }>();
    const areas = new Map<string, number>();
    let total = 0;
    let time = profile.startTime;
    profile.samples.forEach((id, i) => {
      const delta = profile.timeDeltas[i] ?? 0;
      time += delta;
      if (!inWindow(time)) return;
      const node = byId.get(id)!;
      const { callFrame } = node;
      const area = areaOf(callFrame);
      const url = shortUrl(callFrame.url);
      const frame = url === '' ? `${callFrame.functionName}${callFrame.functionName.startsWith('(') ? '' : callerOf(node)}` : `${callFrame.functionName || '(anonymous)'} (${url}:${callFrame.lineNumber + 1})`;
      const entry = frames.get(frame) ?? { area, us: 0 };
      entry.us += delta;
      frames.set(frame, entry);
      areas.set(area, (areas.get(area) ?? 0) + delta);
      total += delta;
    });
    return { frames, areas, total };
  };
  let wholeProfile = false;
  let counted = tally((time) => time >= fromUs && time <= toUs);
  if (counted.total === 0) {
    wholeProfile = true;
    counted = tally(() => true);
  }
  const { frames, areas, total } = counted;
  const share = (us: number) => (total === 0 ? 0 : us / total);
  return {
    windowMs: total / 1000,
    wholeProfile,
    top: [...frames].sort((a, b) => b[1].us - a[1].us).slice(0, topN).map(([frame, { area, us }]) => ({ frame, area, ms: us / 1000, share: share(us) })),
    areas: [...areas].sort((a, b) => b[1] - a[1]).map(([area, us]) => ({ area, ms: us / 1000, share: share(us) })),
  };
}

/** Prints a summary as Markdown (areas, then the top functions without idle). */
export function printProfileSummary(service: string, summary: ProfileSummary): void {
  const pct = (share: number) => `${(100 * share).toFixed(1)}%`;
  console.log(`\n#### ${service}: ${summary.windowMs.toFixed(0)} ms sampled${summary.wholeProfile ? ' (whole profile: no sample inside the window)' : ''}`);
  console.log('| where | self time | share |');
  console.log('|---|---|---|');
  for (const area of summary.areas.slice(0, 10)) console.log(`| ${area.area} | ${area.ms.toFixed(0)} ms | ${pct(area.share)} |`);
  console.log('\n| function (self time) | where | ms | share |');
  console.log('|---|---|---|---|');
  for (const line of summary.top.filter((entry) => entry.area !== 'idle')) console.log(`| ${line.frame} | ${line.area} | ${line.ms.toFixed(0)} | ${pct(line.share)} |`);
}
