import { codePartitions, codeSnapshot, scheduleEvaluate, sensorEvaluate } from './code-requests.js';
import { definitionsUpdated } from './definitions-messages.js';
import { launch, launchConsumerName } from './launch-messages.js';
import { addressOf, fixedAddress, type Address } from './message-entry.js';
import { runCancel, runEvents, runQueued } from './run-messages.js';
import { subjectPrefixSchema } from './subject-tokens.js';

/** Every NATS subject of Orrery and its payload, declared once (ARCHITECTURE.md "NATS"). */
export const catalog = {
  runQueued,
  launch,
  runEvents,
  runCancel,
  definitionsUpdated,
  codeSnapshot,
  scheduleEvaluate,
  sensorEvaluate,
  codePartitions,
} as const;

export type Catalog = typeof catalog;

/** The verbs of `code.<location>.<verb>`, each a request entry. */
export const codeVerbs = {
  snapshot: codeSnapshot,
  'schedule.evaluate': scheduleEvaluate,
  'sensor.evaluate': sensorEvaluate,
  partitions: codePartitions,
} as const;
export type CodeVerb = keyof typeof codeVerbs;

/**
 * Addresses (subjects without the prefix) of every entry; parameters are data and are
 * checked to be single subject tokens (or `ANY` for a subscriber).
 */
export const subjects = {
  runQueued: (): Address<typeof runQueued> => fixedAddress(runQueued),
  launch: (location: string): Address<typeof launch> => addressOf(launch, location),
  runEvents: (runId: string): Address<typeof runEvents> => addressOf(runEvents, runId),
  runCancel: (runId: string): Address<typeof runCancel> => addressOf(runCancel, runId),
  definitionsUpdated: (): Address<typeof definitionsUpdated> => fixedAddress(definitionsUpdated),
  codeSnapshot: (location: string): Address<typeof codeSnapshot> => addressOf(codeSnapshot, location),
  scheduleEvaluate: (location: string): Address<typeof scheduleEvaluate> => addressOf(scheduleEvaluate, location),
  sensorEvaluate: (location: string): Address<typeof sensorEvaluate> => addressOf(sensorEvaluate, location),
  codePartitions: (location: string): Address<typeof codePartitions> => addressOf(codePartitions, location),
} as const;

/** `orrery.run.queued` from `orrery` and `run.queued`. */
export function prefixSubject(prefix: string, subject: string): string {
  return `${prefix}.${subject}`;
}

/** `ORRERY_LAUNCH` from `orrery` and `LAUNCH` (`a.b` gives `A_B_LAUNCH`: no dots in stream names). */
export function prefixStream(prefix: string, stream: string): string {
  return `${prefix.toUpperCase().replaceAll('.', '_')}_${stream}`;
}

/** Full subjects and stream names under one prefix, for tools, tests and docs. */
export interface PrefixedSubjects {
  readonly prefix: string;
  runQueued(): string;
  launch(location: string): string;
  /** `<prefix>.launch.>`: the subjects of the launch stream. */
  launchAll(): string;
  runEvents(runId: string): string;
  runCancel(runId: string): string;
  definitionsUpdated(): string;
  code(location: string, verb: CodeVerb): string;
  /** `<PREFIX>_LAUNCH`. */
  launchStream(): string;
  /** Durable consumer of a location's launches (same name under every prefix). */
  launchConsumer(location: string): string;
}

/** Full subjects under `prefix` (validated by `subjectPrefixSchema`). */
export function subjectsFor(prefix: string): PrefixedSubjects {
  const checked = subjectPrefixSchema.parse(prefix);
  const full = (address: Address) => prefixSubject(checked, address.subject);
  return {
    prefix: checked,
    runQueued: () => full(subjects.runQueued()),
    launch: (location) => full(subjects.launch(location)),
    launchAll: () => prefixSubject(checked, 'launch.>'),
    runEvents: (runId) => full(subjects.runEvents(runId)),
    runCancel: (runId) => full(subjects.runCancel(runId)),
    definitionsUpdated: () => full(subjects.definitionsUpdated()),
    code: (location, verb) => full(addressOf(codeVerbs[verb], location)),
    launchStream: () => prefixStream(checked, launch.stream),
    launchConsumer: (location) => {
      subjects.launch(location); // validates the token
      return launchConsumerName(location);
    },
  };
}
