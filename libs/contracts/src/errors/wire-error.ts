import { z } from 'zod';
import { errorCodes } from './error-codes.js';

/** A code of the error catalog, validated. */
export const errorCodeSchema = z.enum(errorCodes);

/**
 * An error as data (Dagster's SerializableErrorInfo): what user-code failures and
 * causes look like on the wire and in event bodies. `cause` nests.
 */
export interface ErrorInfo {
  /** The error's class name, e.g. `TypeError`. */
  name?: string | undefined;
  message: string;
  stack?: string | undefined;
  cause?: ErrorInfo | undefined;
}

export const errorInfoSchema: z.ZodType<ErrorInfo> = z.object({
  name: z.string().optional(),
  message: z.string(),
  stack: z.string().optional(),
  get cause() {
    return errorInfoSchema.optional();
  },
});

/** The error body of every HTTP error response: `{ code, message, details? }`. */
export const wireErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  /** Code-specific data, e.g. the zod issues of VALIDATION_FAILED. */
  details: z.unknown().optional(),
});
export type WireError = z.infer<typeof wireErrorSchema>;

/**
 * The error of a NATS reply `{ ok: false, error }`: a wire error plus the stack and
 * cause chain, which stay inside the cluster (the api strips them before HTTP).
 */
export const replyErrorSchema = wireErrorSchema.extend({
  stack: z.string().optional(),
  cause: errorInfoSchema.optional(),
});
export type ReplyError = z.infer<typeof replyErrorSchema>;
