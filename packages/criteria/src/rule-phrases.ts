/**
 * How rules are worded, per language: the catalogue a translator edits.
 * Each phrase is a function because word order differs between languages.
 * A clause starts in lower case; describeRules capitalizes sentence starts.
 * Each language is its own file in rule-phrases/.
 */
import { ar } from './rule-phrases/ar.js';
import { de } from './rule-phrases/de.js';
import { en } from './rule-phrases/en.js';
import { es } from './rule-phrases/es.js';
import { fr } from './rule-phrases/fr.js';
import { hi } from './rule-phrases/hi.js';
import { pt } from './rule-phrases/pt.js';
import { zh } from './rule-phrases/zh.js';

export interface RulePhrases {
  /** What ends a sentence in a criteria narrative ("." or "。" or "।"). */
  sentenceEnd: string;
  /** What separates sentences, and a clause from its note: a space, or nothing in Chinese. */
  space: string;
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

export const RULE_PHRASES = { en, es, fr, de, pt, ar, zh, hi } as const satisfies Record<string, RulePhrases>;
export type RuleLanguage = keyof typeof RULE_PHRASES;

/** The phrases for a language tag ("es-MX" → Spanish); English when there are none for it. */
export function rulePhrases(language: string | null | undefined): RulePhrases {
  const base = language?.trim().toLowerCase().split(/[-_]/)[0];
  return base && Object.hasOwn(RULE_PHRASES, base) ? RULE_PHRASES[base as RuleLanguage] : en;
}
