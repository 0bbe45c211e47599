import type { RulePhrases } from '../rule-phrases.js';
import { joinWith } from './join.js';

/** Português. */
export const pt: RulePhrases = {
  space: ' ',
  sentenceEnd: '.',
  completion: (percent) => `concluir pelo menos ${percent} do curso`,
  grade: (percent) => `obter uma nota global de pelo menos ${percent}`,
  passed: () => 'ser aprovado no curso',
  assignmentMinimum: (percent, type) => `obter pelo menos ${percent} em ${type}`,
  optionalTypes: (types) => `${joinWith('e')(types)} ${types.length === 1 ? 'é opcional e não conta' : 'são opcionais e não contam'}`,
  list: joinWith('e'),
  allRequired: (required) => (required === 1 ? 'concluir o curso obrigatório' : `concluir os ${required} cursos obrigatórios`),
  atLeast: (minimum, required) => `concluir pelo menos ${minimum} destes ${required} ${required === 1 ? 'curso' : 'cursos'}`,
  course: (name, clauses) => `em ${name}, ${clauses}`,
  optionalCourse: (name, clauses) => `opcionalmente, em ${name}, ${clauses} (este curso não conta)`,
  optionalNote: (note) => `(${note})`,
};
