import type { RulePhrases } from '../rule-phrases.js';
import { joinWith } from './join.js';

/** Español. */
export const es: RulePhrases = {
  space: ' ',
  sentenceEnd: '.',
  completion: (percent) => `completar al menos el ${percent} del curso`,
  grade: (percent) => `obtener una calificación global de al menos ${percent}`,
  passed: () => 'aprobar el curso',
  assignmentMinimum: (percent, type) => `obtener al menos ${percent} en ${type}`,
  optionalTypes: (types) => `${joinWith('y')(types)} ${types.length === 1 ? 'es opcional y no cuenta' : 'son opcionales y no cuentan'}`,
  list: joinWith('y'),
  allRequired: (required) => (required === 1 ? 'completar el curso obligatorio' : `completar los ${required} cursos obligatorios`),
  atLeast: (minimum, required) => `completar al menos ${minimum} de estos ${required} ${required === 1 ? 'curso' : 'cursos'}`,
  course: (name, clauses) => `en ${name}, ${clauses}`,
  optionalCourse: (name, clauses) => `opcionalmente, en ${name}, ${clauses} (este curso no cuenta)`,
  optionalNote: (note) => `(${note})`,
};
