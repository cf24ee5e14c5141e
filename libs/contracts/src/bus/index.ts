// The NATS message catalog. Entries are reached through `catalog` (and addressed through
// `subjects`); the define* helpers stay inside this folder, where new entries are added.
export { ANY, defaultSubjectPrefix, isSubjectToken, locationNameSchema, runIdSchema, subjectPrefixPattern, subjectPrefixSchema, subjectTokenPattern, subjectTokenSchema } from './subject-tokens.js';
export { addressOf, fixedAddress } from './message-entry.js';
export type {
  Address, AnyEntry, EventEntry, FixedEntry, MessageKind, ParamValues, PatternParams, PayloadInput, PayloadOf,
  ReplyOf, ReplySchema, RequestEntry, ResultInput, ResultOf, ValidationIssue, VersionedObject, VersionField, WorkEntry,
} from './message-entry.js';
export { storageIdSchema } from './run-messages.js';
export { launchConsumerName, launchMessageId } from './launch-messages.js';
export { runRequestSchema } from './code-requests.js';
export { catalog, codeVerbs, prefixStream, prefixSubject, subjects, subjectsFor } from './catalog.js';
export type { Catalog, CodeVerb, PrefixedSubjects } from './catalog.js';
