/**
 * How rules are worded, per language: the catalogue a translator edits.
 * Each phrase is a function because word order differs between languages.
 * A clause starts in lower case; describeRules capitalizes sentence starts.
 */
export interface RulePhrases {
  completion(percent: string): string;
  grade(percent: string): string;
  passed(): string;
  assignmentMinimum(percent: string, assignmentType: string): string;
  optionalTypes(types: readonly string[]): string;
  /** "a, b and c". */
  list(items: readonly string[]): string;
  allRequired(required: number): string;
  atLeast(minimum: number, required: number): string;
  /** One course of a program: its name and what it asks. */
  course(name: string, clauses: string): string;
  optionalCourse(name: string, clauses: string): string;
  optionalNote(note: string): string;
}

const joinWith = (word: string) => (items: readonly string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${word} ${items.at(-1)!}`);

const en: RulePhrases = {
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

const es: RulePhrases = {
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

export const RULE_PHRASES = { en, es } as const satisfies Record<string, RulePhrases>;
export type RuleLanguage = keyof typeof RULE_PHRASES;

/** The phrases for a language tag ("es-MX" → Spanish); English when there are none for it. */
export function rulePhrases(language: string | null | undefined): RulePhrases {
  const base = language?.trim().toLowerCase().split(/[-_]/)[0];
  return base && base in RULE_PHRASES ? RULE_PHRASES[base as RuleLanguage] : en;
}
