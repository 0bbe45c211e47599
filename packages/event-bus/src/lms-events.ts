/**
 * Event data as the LMS fills it in, for the simulator: the shapes of the
 * built-in schemas, from a few facts about a learner and a course.
 */
export interface LmsLearner {
  id: number;
  username: string;
  email: string;
  name: string;
}

export interface LmsCourse {
  /** course-v1:… (or ccx-v1:… for CCX events). */
  key: string;
  name: string;
}

export interface LmsCertificate {
  mode: string;
  /** As the LMS sends it: a fraction such as "0.85", or "" when not graded. */
  grade: string;
  /** Certificate status, e.g. downloadable, notpassing. */
  status: string;
}

function userData(learner: LmsLearner) {
  return { id: learner.id, is_active: true, pii: { username: learner.username, email: learner.email, name: learner.name } };
}

function courseData(course: LmsCourse) {
  return { course_key: course.key, display_name: course.name, start: null, end: null };
}

/** Data of certificate.created / .revoked / .changed. */
export function certificateEventData(learner: LmsLearner, course: LmsCourse, certificate: LmsCertificate) {
  return {
    certificate: {
      user: userData(learner),
      course: courseData(course),
      mode: certificate.mode,
      grade: certificate.grade,
      download_url: '',
      name: learner.name,
      current_status: certificate.status,
      previous_status: '',
    },
  };
}

export function passingStatusEventData(learner: LmsLearner, course: LmsCourse, isPassing: boolean) {
  return { course_passing_status: { is_passing: isPassing, course: courseData(course), user: userData(learner) } };
}

/** The course a CCX is built on: `ccx-v1:Org+Course+Run+ccx@3` → `course-v1:Org+Course+Run`. */
export function masterCourseKey(ccxKey: string): string {
  const match = /^ccx-v1:(.+)\+ccx@\d+$/.exec(ccxKey);
  return match ? `course-v1:${match[1]}` : ccxKey;
}

export function ccxPassingStatusEventData(learner: LmsLearner, course: LmsCourse, isPassing: boolean) {
  return {
    course_passing_status: {
      is_passing: isPassing,
      user: userData(learner),
      course: {
        ccx_course_key: course.key,
        master_course_key: masterCourseKey(course.key),
        display_name: course.name,
        coach_email: '',
        start: null,
        end: null,
        max_students_allowed: null,
      },
    },
  };
}
