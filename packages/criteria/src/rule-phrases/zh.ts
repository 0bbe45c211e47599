import type { RulePhrases } from '../rule-phrases.js';

/** Chinese lists use the enumeration comma "、" and no spaces. */
const list = (items: readonly string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join('、')}和${items.at(-1)!}`);

/** 简体中文. */
export const zh: RulePhrases = {
  space: '',
  sentenceEnd: '。',
  completion: (percent) => `完成课程的至少 ${percent}`,
  grade: (percent) => `总成绩至少达到 ${percent}`,
  passed: () => '通过该课程',
  assignmentMinimum: (percent, type) => `${type}至少得分 ${percent}`,
  optionalTypes: (types) => `${list(types)}为选做，不计入成绩`,
  list: (items) => items.join('，'),
  allRequired: (required) => (required === 1 ? '完成必修课程' : `完成全部 ${required} 门必修课程`),
  atLeast: (minimum, required) => `在这 ${required} 门课程中至少完成 ${minimum} 门`,
  course: (name, clauses) => `在“${name}”中：${clauses}`,
  optionalCourse: (name, clauses) => `选修“${name}”：${clauses}（该课程不计入）`,
  optionalNote: (note) => `（${note}）`,
};
