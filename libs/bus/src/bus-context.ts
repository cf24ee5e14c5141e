import type { NatsConnection } from '@nats-io/transport-node';
import { OrreryError, prefixSubject, type Address, type AnyEntry } from '@orrery/contracts';
import type { ResolvedBusOptions } from './options.js';
import type { MessageSpanInfo } from './trace-context.js';

/** What the messaging modules share: the connection and the compiled options. */
export interface BusContext {
  readonly nc: NatsConnection;
  readonly options: ResolvedBusOptions;
}

/** An address, or a parameterless entry standing for its own address. */
export type Target<E extends AnyEntry> = E | Address<E>;

/** The address of a target; a parameterised entry without values is refused. */
export function toAddress<E extends AnyEntry>(target: Target<E>): Address<E> {
  if ('entry' in target) return target;
  if (target.params.length > 0) {
    throw new OrreryError('INTERNAL', { message: `${target.pattern} needs parameters: pass subjects.<name>(...) instead of the entry` });
  }
  return { entry: target, subject: target.pattern };
}

/** The full subject (with prefix) of an address. */
export function fullSubject(ctx: BusContext, address: Address): string {
  return prefixSubject(ctx.options.prefix, address.subject);
}

/** Span naming for a message of `address` on `subject`. */
export function spanInfo(ctx: BusContext, address: Address, subject: string, attributes?: MessageSpanInfo['attributes']): MessageSpanInfo {
  return {
    template: prefixSubject(ctx.options.prefix, address.entry.pattern),
    subject,
    version: address.entry.version,
    ...(attributes ? { attributes } : {}),
  };
}

/** True when a subject holds a wildcard token (fine to subscribe, never to publish). */
export function hasWildcard(subject: string): boolean {
  return subject.split('.').some((token) => token === '*' || token === '>');
}
