import { OrreryError } from '@orrery/contracts';

/** Details of {@link AssetSelectionSyntaxError}, also sent on the wire. */
export interface AssetSelectionSyntaxErrorDetails {
  /** The selection text as given. */
  readonly input: string;
  /** 1-based column of the problem (UTF-16 code units); `input.length + 1` at the end. */
  readonly column: number;
  /** What the parser wanted there, e.g. `a value after "key:"`. */
  readonly expected: string;
  /** What it found instead, e.g. `")"`; absent at the end of the input. */
  readonly found?: string;
}

/**
 * Thrown by `parseAssetSelection` for text that is not an asset selection. The message
 * shows the input with a caret under the column:
 *
 * ```
 * Invalid asset selection at column 17: expected a value after "key:"
 *   group:a and key:
 *                   ^
 * ```
 */
export class AssetSelectionSyntaxError extends OrreryError<'VALIDATION_FAILED', AssetSelectionSyntaxErrorDetails> {
  readonly input: string;
  readonly column: number;
  readonly expected: string;
  readonly found: string | undefined;

  constructor(details: AssetSelectionSyntaxErrorDetails) {
    super('VALIDATION_FAILED', { message: formatSyntaxError(details), details });
    this.input = details.input;
    this.column = details.column;
    this.expected = details.expected;
    this.found = details.found;
  }
}

function formatSyntaxError({ input, column, expected, found }: AssetSelectionSyntaxErrorDetails): string {
  const reason = found === undefined ? `expected ${expected}` : `expected ${expected}, found ${found}`;
  // Newlines and tabs become spaces so the caret line stays aligned with a one-line input.
  const shown = input.replace(/[\t\r\n]/g, ' ');
  return `Invalid asset selection at column ${column}: ${reason}\n  ${shown}\n  ${' '.repeat(column - 1)}^`;
}
