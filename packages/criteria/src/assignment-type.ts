/**
 * The key an assignment type is matched by. Open edX course teams name the
 * same type "Final Exam" in one course and "Final exam " in the next, and a
 * program-wide rule must find both; learning-credentials matches
 * case-insensitively for the same reason.
 */
export function assignmentTypeKey(name: string): string {
  return name.trim().toLowerCase();
}
