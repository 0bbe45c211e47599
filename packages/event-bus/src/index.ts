export { startEventBusConsumer, type EventBusConsumer, type EventBusConsumerOptions, type ConsumerLogger, type SettledMessage } from './consumer.js';
export type { EventTransport, TransportMessage, DeadLetterRecord } from './transport.js';
export { RedisStreamsTransport, type RedisStreamsTransportOptions, type RedisStreamMessage } from './redis-streams-transport.js';
export { attemptsKey } from './redis-streams.js';
export { processMessage, type MessageProcessing, type RetryPolicy } from './process-message.js';
export { decodeEventData, eventHeadersOf, UnprocessableEventError } from './decode-event.js';
export { connectEventBus, pingRedis, publishOpenEdxEvent, type PublishOptions } from './simulator.js';
export {
  certificateEventData,
  passingStatusEventData,
  ccxPassingStatusEventData,
  masterCourseKey,
  type LmsLearner,
  type LmsCourse,
  type LmsCertificate,
} from './lms-events.js';
export { createSchemaRegistry, schemaFileName, type SchemaRegistry } from './schemas.js';
export { BUILTIN_EVENT_SCHEMAS } from './builtin-schemas.js';
export { loadEventBusConfig, consumerOptionsFromConfig, type EventBusConfig } from './config.js';
export { EVENT_HANDLERS, gradePercentOf, type HandlerResult } from './handlers.js';
export {
  CERTIFICATE_CREATED,
  CERTIFICATE_REVOKED,
  CERTIFICATE_CHANGED,
  COURSE_PASSING_STATUS_UPDATED,
  CCX_COURSE_PASSING_STATUS_UPDATED,
  CERTIFICATE_TOPIC,
  BADGES_TOPIC,
  TOPIC_OF_TYPE,
  streamName,
  deadLetterStream,
} from './events.js';
export { lmsClientFromConfig, lmsClientOf, lmsRoutesOf, type LmsConnection, type LmsRoutes } from './lms-client.js';
export { parseLmsInstances, loadLmsInstancesFile, lmsInstanceSchema, routeOfEvent, streamsOfRoutes, type LmsInstance, type LmsInstanceInput, type LmsRoute } from './lms-instances.js';
export { syncCatalog, type CatalogSyncOptions, type CatalogSyncReport } from './lms-catalog.js';
export { syncLearnerFromLms, type LmsSyncRequest, type LmsSyncOutcome } from './lms-sync.js';
export { reconcileCourse, type ReconcileOptions, type ReconcileReport } from './lms-reconcile.js';
export { startPeriodicCatalogSync, type CatalogSource, type PeriodicCatalogSync, type PeriodicCatalogSyncLogger } from './catalog-sync-timer.js';
