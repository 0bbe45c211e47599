import type { RulePhrases } from '../rule-phrases.js';
import { joinWith } from './join.js';

/** Français. */
export const fr: RulePhrases = {
  space: ' ',
  sentenceEnd: '.',
  completion: (percent) => `terminer au moins ${percent} du cours`,
  grade: (percent) => `obtenir une note globale d’au moins ${percent}`,
  passed: () => 'réussir le cours',
  assignmentMinimum: (percent, type) => `obtenir au moins ${percent} en ${type}`,
  optionalTypes: (types) => `${joinWith('et')(types)} ${types.length === 1 ? 'est facultatif et ne compte pas' : 'sont facultatifs et ne comptent pas'}`,
  list: joinWith('et'),
  allRequired: (required) => (required === 1 ? 'terminer le cours obligatoire' : `terminer les ${required} cours obligatoires`),
  atLeast: (minimum, required) => `terminer au moins ${minimum} de ces ${required} cours`,
  course: (name, clauses) => `dans ${name}, ${clauses}`,
  optionalCourse: (name, clauses) => `en option, dans ${name}, ${clauses} (ce cours ne compte pas)`,
  optionalNote: (note) => `(${note})`,
};
