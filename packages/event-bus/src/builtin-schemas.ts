import type avro from 'avsc';
import { CCX_COURSE_PASSING_STATUS_UPDATED, CERTIFICATE_CHANGED, CERTIFICATE_CREATED, CERTIFICATE_REVOKED, COURSE_PASSING_STATUS_UPDATED } from './events.js';

/**
 * The Avro schemas of the openedx-events types Laurel handles, so a consumer
 * works without a schema directory. They follow openedx-events' generator:
 * the event data sits in a record `CloudEvent` whose namespace is the event
 * type, and nested records carry no namespace of their own (so they inherit
 * it). Field order matters: Avro encodes fields positionally.
 */
type RecordSchema = avro.schema.RecordType;
type Field = RecordSchema['fields'][number];

const string = (name: string): Field => ({ name, type: 'string' });
/** openedx-events maps optional attrs (None by default) to a union with null first. */
const optional = (name: string, type: 'string' | 'long'): Field => ({ name, type: ['null', type], default: null });
const record = (name: string, fields: Field[]): RecordSchema => ({ name, type: 'record', fields });

const userData = record('UserData', [
  { name: 'id', type: 'long' },
  { name: 'is_active', type: 'boolean' },
  { name: 'pii', type: record('UserPersonalData', [string('username'), string('email'), string('name')]) },
]);

const courseData = record('CourseData', [string('course_key'), string('display_name'), optional('start', 'string'), optional('end', 'string')]);

const ccxCourseData = record('CcxCourseData', [
  string('ccx_course_key'),
  string('master_course_key'),
  string('display_name'),
  string('coach_email'),
  optional('start', 'string'),
  optional('end', 'string'),
  optional('max_students_allowed', 'long'),
]);

const certificateData = record('CertificateData', [
  { name: 'user', type: userData },
  { name: 'course', type: courseData },
  ...['mode', 'grade', 'download_url', 'name', 'current_status', 'previous_status'].map(string),
]);

// The two passing-status records list user and course in different orders.
const coursePassingStatusData = record('CoursePassingStatusData', [
  { name: 'is_passing', type: 'boolean' },
  { name: 'course', type: courseData },
  { name: 'user', type: userData },
]);

const ccxCoursePassingStatusData = record('CcxCoursePassingStatusData', [
  { name: 'is_passing', type: 'boolean' },
  { name: 'user', type: userData },
  { name: 'course', type: ccxCourseData },
]);

function cloudEvent(eventType: string, field: string, data: RecordSchema): RecordSchema {
  return {
    name: 'CloudEvent',
    type: 'record',
    doc: 'Avro Event Format for CloudEvents created with openedx_events/schema',
    namespace: eventType,
    fields: [{ name: field, type: data }],
  };
}

/** Built-in schemas by event type. avsc does not modify a schema it parses, so the shared pieces stay intact. */
export const BUILTIN_EVENT_SCHEMAS: Readonly<Record<string, RecordSchema>> = Object.freeze({
  [CERTIFICATE_CREATED]: cloudEvent(CERTIFICATE_CREATED, 'certificate', certificateData),
  [CERTIFICATE_REVOKED]: cloudEvent(CERTIFICATE_REVOKED, 'certificate', certificateData),
  [CERTIFICATE_CHANGED]: cloudEvent(CERTIFICATE_CHANGED, 'certificate', certificateData),
  [COURSE_PASSING_STATUS_UPDATED]: cloudEvent(COURSE_PASSING_STATUS_UPDATED, 'course_passing_status', coursePassingStatusData),
  [CCX_COURSE_PASSING_STATUS_UPDATED]: cloudEvent(CCX_COURSE_PASSING_STATUS_UPDATED, 'course_passing_status', ccxCoursePassingStatusData),
});
