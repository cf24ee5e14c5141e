export { errorCatalog, errorCodes, errorEntry, isErrorCode } from './error-codes.js';
export type { ErrorCatalogEntry, ErrorCode } from './error-codes.js';
export { errorCodeSchema, errorInfoSchema, replyErrorSchema, wireErrorSchema } from './wire-error.js';
export type { ErrorInfo, ReplyError, WireError } from './wire-error.js';
export { OrreryError, isOrreryError, toErrorInfo, toReplyError, toWireError } from './orrery-error.js';
export type { OrreryErrorOptions } from './orrery-error.js';
