import type { RulePhrases } from '../rule-phrases.js';
import { joinWith } from './join.js';

/** Deutsch (clauses are infinitive phrases, as in a list of requirements). */
export const de: RulePhrases = {
  space: ' ',
  sentenceEnd: '.',
  completion: (percent) => `mindestens ${percent} des Kurses abschließen`,
  grade: (percent) => `eine Gesamtnote von mindestens ${percent} erreichen`,
  passed: () => 'den Kurs bestehen',
  assignmentMinimum: (percent, type) => `in ${type} mindestens ${percent} erreichen`,
  optionalTypes: (types) => `${joinWith('und')(types)} ${types.length === 1 ? 'ist freiwillig und zählt nicht' : 'sind freiwillig und zählen nicht'}`,
  list: joinWith('und'),
  allRequired: (required) => (required === 1 ? 'den Pflichtkurs abschließen' : `alle ${required} Pflichtkurse abschließen`),
  atLeast: (minimum, required) => `mindestens ${minimum} dieser ${required} Kurse abschließen`,
  course: (name, clauses) => `in ${name}: ${clauses}`,
  optionalCourse: (name, clauses) => `freiwillig, in ${name}: ${clauses} (dieser Kurs zählt nicht)`,
  optionalNote: (note) => `(${note})`,
};
