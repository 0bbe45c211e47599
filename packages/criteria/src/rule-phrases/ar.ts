import type { RulePhrases } from '../rule-phrases.js';

/** Arabic writes "a، b وc": the comma is "،" and "و" joins the next word. */
const list = (items: readonly string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join('، ')} و${items.at(-1)!}`);

/** العربية. */
export const ar: RulePhrases = {
  space: ' ',
  sentenceEnd: '.',
  completion: (percent) => `إكمال ${percent} على الأقل من المقرر`,
  grade: (percent) => `الحصول على درجة إجمالية لا تقل عن ${percent}`,
  passed: () => 'اجتياز المقرر',
  assignmentMinimum: (percent, type) => `الحصول على ${percent} على الأقل في ${type}`,
  optionalTypes: (types) => `${list(types)} ${types.length === 1 ? 'اختياري ولا يُحتسب' : 'اختيارية ولا تُحتسب'}`,
  list,
  allRequired: (required) => (required === 1 ? 'إكمال المقرر الإلزامي' : `إكمال جميع المقررات الإلزامية (${required})`),
  atLeast: (minimum, required) => `إكمال ${minimum} على الأقل من هذه المقررات (${required})`,
  course: (name, clauses) => `في ${name}: ${clauses}`,
  optionalCourse: (name, clauses) => `اختياريًا، في ${name}: ${clauses} (هذا المقرر لا يُحتسب)`,
  optionalNote: (note) => `(${note})`,
};
