/** The Open edX event types Laurel acts on, and the topics (stream suffixes) they travel on. */
export const CERTIFICATE_CREATED = 'org.openedx.learning.certificate.created.v1';
export const CERTIFICATE_REVOKED = 'org.openedx.learning.certificate.revoked.v1';
export const CERTIFICATE_CHANGED = 'org.openedx.learning.certificate.changed.v1';
export const COURSE_PASSING_STATUS_UPDATED = 'org.openedx.learning.course.passing.status.updated.v1';
export const CCX_COURSE_PASSING_STATUS_UPDATED = 'org.openedx.learning.ccx.course.passing.status.updated.v1';

export const CERTIFICATE_TOPIC = 'learning-certificate-lifecycle';
export const BADGES_TOPIC = 'learning-badges-lifecycle';

/** The topic the LMS publishes each event type to (as configured in openedx-events' EVENT_BUS_PRODUCER_CONFIG). */
export const TOPIC_OF_TYPE: Record<string, string> = {
  [CERTIFICATE_CREATED]: CERTIFICATE_TOPIC,
  [CERTIFICATE_REVOKED]: CERTIFICATE_TOPIC,
  [CERTIFICATE_CHANGED]: CERTIFICATE_TOPIC,
  [COURSE_PASSING_STATUS_UPDATED]: BADGES_TOPIC,
  [CCX_COURSE_PASSING_STATUS_UPDATED]: BADGES_TOPIC,
  'org.openedx.learning.badge.awarded.v1': BADGES_TOPIC,
  'org.openedx.learning.badge.revoked.v1': BADGES_TOPIC,
};

/** Redis stream name for a topic: `<prefix>-<topic>`, as edx-event-bus-redis names them. */
export function streamName(prefix: string, topic: string): string {
  return `${prefix}-${topic}`;
}

export function deadLetterStream(stream: string): string {
  return `${stream}-dead-letter`;
}

/** The CloudEvents-style headers edx-event-bus-redis writes next to `event_data`. */
export const HEADER_FIELDS = ['type', 'id', 'source', 'time', 'minorversion', 'sourcehost', 'sourcelib'] as const;
export type EventHeaders = Record<(typeof HEADER_FIELDS)[number], string>;
