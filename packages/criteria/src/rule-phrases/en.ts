import type { RulePhrases } from '../rule-phrases.js';
import { joinWith } from './join.js';

/** English: the reference wording. */
export const en: RulePhrases = {
  space: ' ',
  sentenceEnd: '.',
  completion: (percent) => `complete at least ${percent} of the course`,
  grade: (percent) => `earn an overall grade of at least ${percent}`,
  passed: () => 'pass the course',
  assignmentMinimum: (percent, type) => `score at least ${percent} in ${type}`,
  optionalTypes: (types) => `${joinWith('and')(types)} ${types.length === 1 ? 'is optional and does not count' : 'are optional and do not count'}`,
  list: joinWith('and'),
  allRequired: (required) => (required === 1 ? 'complete the required course' : `complete all ${required} required courses`),
  atLeast: (minimum, required) => `complete at least ${minimum} of these ${required} ${required === 1 ? 'course' : 'courses'}`,
  course: (name, clauses) => `in ${name}, ${clauses}`,
  optionalCourse: (name, clauses) => `optionally, in ${name}, ${clauses} (this course does not count)`,
  optionalNote: (note) => `(${note})`,
};
