import { IOManagerError } from './io-manager.js';

/** How the filesystem IO manager turns values into file contents and back. */
export interface Serializer {
  /** File extension including the dot, e.g. `.json`. */
  readonly extension: string;
  serialize(value: unknown): string | Uint8Array;
  deserialize(data: Uint8Array): unknown;
}

/** JSON (UTF-8) — the default. Values must be JSON: Dates become strings, `undefined` is refused. */
export const jsonSerializer: Serializer = Object.freeze({
  extension: '.json',
  serialize(value: unknown): string {
    const text = JSON.stringify(value);
    if (text === undefined) throw new IOManagerError('jsonSerializer', `cannot serialize a ${typeof value} as JSON`);
    return text;
  },
  deserialize(data: Uint8Array): unknown {
    return JSON.parse(new TextDecoder().decode(data));
  },
});
