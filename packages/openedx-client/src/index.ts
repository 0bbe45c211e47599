export { createOpenEdxClient, COMPLETION_SOURCES, type CompletionSource, type CoursePage, type LearnerCourseProgress, type OpenEdxClient, type OpenEdxClientOptions } from './client.js';
export { assignmentTypeGrades } from './assignment-grades.js';
export { LmsRequestError, type LmsFailure } from './errors.js';
export { DEFAULT_RETRY, type RetryPolicy } from './retry-policy.js';
export type { GradingPolicy, GradebookEntry } from './responses.js';
export { COURSE_STAFF_ROLES, lmsStaffStanding, type LmsApiAccess, type LmsStaffStanding } from './staff-roles.js';
