import type { RulePhrases } from '../rule-phrases.js';
import { joinWith } from './join.js';

/** हिन्दी (a sentence ends in the danda "।"). */
export const hi: RulePhrases = {
  space: ' ',
  sentenceEnd: '।',
  completion: (percent) => `पाठ्यक्रम का कम से कम ${percent} पूरा करें`,
  grade: (percent) => `कम से कम ${percent} का कुल ग्रेड प्राप्त करें`,
  passed: () => 'पाठ्यक्रम उत्तीर्ण करें',
  assignmentMinimum: (percent, type) => `${type} में कम से कम ${percent} अंक प्राप्त करें`,
  optionalTypes: (types) => `${joinWith('और')(types)} ${types.length === 1 ? 'वैकल्पिक है और गिना नहीं जाता' : 'वैकल्पिक हैं और गिने नहीं जाते'}`,
  list: joinWith('और'),
  allRequired: (required) => (required === 1 ? 'अनिवार्य पाठ्यक्रम पूरा करें' : `सभी ${required} अनिवार्य पाठ्यक्रम पूरे करें`),
  atLeast: (minimum, required) => `इन ${required} पाठ्यक्रमों में से कम से कम ${minimum} पूरे करें`,
  course: (name, clauses) => `${name} में: ${clauses}`,
  optionalCourse: (name, clauses) => `वैकल्पिक रूप से, ${name} में: ${clauses} (यह पाठ्यक्रम गिना नहीं जाता)`,
  optionalNote: (note) => `(${note})`,
};
