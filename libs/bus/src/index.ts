export { Bus, connectBus } from './bus.js';
export type { BusStatus } from './bus.js';
export type { BusOptions, LaunchQueueOptions } from './options.js';
export type { BusLogFn, BusLogger } from './logger.js';
export { silentLogger } from './logger.js';
export type { BusSubscription, MessageHandler, MessageMeta, PublishOptions, SubscribeOptions } from './pub-sub.js';
export type { BusResponder, RequestHandler, RequestOptions, RespondOptions } from './request-reply.js';
export type { EnsuredResource, LaunchInput, LaunchPayload, LaunchPublished } from './launch-streams.js';
export type { ConsumeLaunchesOptions, LaunchConsumer, LaunchHandler, LaunchMeta } from './launch-consumer.js';
export {
  BadReplyError, BusPublishError, BusTimeoutError, InvalidPayloadError, NoRespondersError, RemoteError, unwrapReply,
} from './errors.js';
