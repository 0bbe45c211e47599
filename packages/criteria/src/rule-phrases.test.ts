// The rule phrase catalogues (rule-phrases/*.ts): every language words every
// rule, keeps every value it is given, and leaves no English behind.
import { describe, expect, it } from 'vitest';
import { criteriaNarrative } from './describe-rules.js';
import { RULE_PHRASES, rulePhrases, type RuleLanguage } from './rule-phrases.js';

const languages = Object.keys(RULE_PHRASES) as RuleLanguage[];
// Every kind of rule at once, with values that cannot be mistaken for wording.
const program = {
  type: 'program' as const,
  minCoursesCompleted: 2,
  courses: [
    { courseId: 'c1', rules: { minCompletionPercent: 91, minGradePercent: 82, requirePassed: true, assignmentTypeMinimums: { QQX: 73 }, optionalAssignmentTypes: ['ZZY', 'WWV'] } },
    { courseId: 'c2' },
    { courseId: 'c3' },
    { courseId: 'c4', optional: true },
  ],
};
const courseName = (id: string) => `«${id.toUpperCase()}»`;

describe('rule phrases', () => {
  it('covers at least English, Spanish, French, German, Portuguese, Arabic, Chinese and Hindi', () => {
    expect(languages).toEqual(expect.arrayContaining(['en', 'es', 'fr', 'de', 'pt', 'ar', 'zh', 'hi']));
  });

  it.each(languages)('%s keeps every value it is given in the phrase', (language) => {
    const say = RULE_PHRASES[language];
    expect(say.completion('91%')).toContain('91%');
    expect(say.grade('82%')).toContain('82%');
    expect(say.assignmentMinimum('73%', 'QQX')).toMatch(/73%[\s\S]*QQX|QQX[\s\S]*73%/);
    expect(say.optionalTypes(['ZZY', 'WWV'])).toMatch(/ZZY[\s\S]*WWV/);
    expect(say.list(['a1', 'b2', 'c3'])).toMatch(/a1[\s\S]*b2[\s\S]*c3/);
    expect(say.allRequired(4)).toContain('4');
    expect(say.atLeast(2, 3)).toMatch(/2[\s\S]*3|3[\s\S]*2/);
    expect(say.course('NAME', 'CLAUSES')).toMatch(/NAME[\s\S]*CLAUSES/);
    expect(say.optionalCourse('NAME', 'CLAUSES')).toMatch(/NAME[\s\S]*CLAUSES/);
    expect(say.optionalNote('NOTE')).toContain('NOTE');
  });

  it.each(languages.filter((language) => language !== 'en'))('%s words a whole program without English, one sentence end per line', (language) => {
    const narrative = criteriaNarrative(program, { language, courseName });
    const english = criteriaNarrative(program, { language: 'en', courseName });
    for (const value of ['91%', '82%', '73%', 'QQX', 'ZZY', 'WWV', '«C1»', '«C2»', '«C4»']) expect(narrative).toContain(value);
    const englishWords = new Set(english.match(/\p{L}{3,}/gu)!.filter((word) => !/^[A-Z]{3}$/.test(word)));
    const leaked = (narrative.match(/\p{L}{3,}/gu) ?? []).filter((word) => englishWords.has(word) && !/^[A-Z]{3}$/.test(word));
    expect(leaked).toEqual([]);
    expect(narrative.split(RULE_PHRASES[language].sentenceEnd).filter((part) => part.trim() !== '').length).toBe(english.split('.').filter((part) => part.trim() !== '').length);
  });

  it('falls back to English for a language it does not have, and never to an Object property', () => {
    expect(rulePhrases('sv')).toBe(RULE_PHRASES.en);
    expect(rulePhrases('constructor')).toBe(RULE_PHRASES.en);
    expect(rulePhrases('pt-BR')).toBe(RULE_PHRASES.pt);
  });
});
