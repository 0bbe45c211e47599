import { z } from 'zod';
import { withJsonSchema } from './json-schema-registry.js';

/**
 * The extensible enumerations of Open Badges 3.0, as listed in 1EdTech's
 * AchievementCredential JSON Schema. "Extensible" means any other value must
 * be an extension term starting with `ext:`.
 */
const EXTENSION_TERM_PATTERN = /^ext:[A-Za-z0-9._-]+$/;

function extensibleEnum<const T extends readonly [string, ...string[]]>(values: T, what: string) {
  const known: readonly string[] = values;
  const schema = z.string().check(
    z.superRefine((value, ctx) => {
      if (!known.includes(value) && !EXTENSION_TERM_PATTERN.test(value)) {
        ctx.addIssue({ code: 'custom', message: `must be ${what} from the Open Badges vocabulary or an ext: term` });
      }
    }),
  );
  return withJsonSchema(schema as z.ZodType<T[number] | `ext:${string}`, string>, {
    anyOf: [{ enum: [...values] }, { pattern: EXTENSION_TERM_PATTERN.source }],
  });
}

export const ACHIEVEMENT_TYPES = [
  'Achievement',
  'ApprenticeshipCertificate',
  'Assessment',
  'Assignment',
  'AssociateDegree',
  'Award',
  'Badge',
  'BachelorDegree',
  'Certificate',
  'CertificateOfCompletion',
  'Certification',
  'CommunityService',
  'Competency',
  'Course',
  'CoCurricular',
  'Degree',
  'Diploma',
  'DoctoralDegree',
  'Fieldwork',
  'GeneralEducationDevelopment',
  'JourneymanCertificate',
  'LearningProgram',
  'License',
  'Membership',
  'ProfessionalDoctorate',
  'QualityAssuranceCredential',
  'MasterCertificate',
  'MasterDegree',
  'MicroCredential',
  'ResearchDoctorate',
  'SecondarySchoolDiploma',
] as const;

export const IDENTIFIER_TYPES = [
  'sourcedId',
  'systemId',
  'productId',
  'userName',
  'accountId',
  'emailAddress',
  'nationalIdentityNumber',
  'isbn',
  'issn',
  'lisSourcedId',
  'oneRosterSourcedId',
  'sisSourcedId',
  'ltiContextId',
  'ltiDeploymentId',
  'ltiToolId',
  'ltiPlatformId',
  'ltiUserId',
  'identifier',
] as const;

export const ALIGNMENT_TARGET_TYPES = [
  'ceasn:Competency',
  'ceterms:Credential',
  'CFItem',
  'CFRubric',
  'CFRubricCriterion',
  'CFRubricCriterionLevel',
  'CTDL',
] as const;

export const RESULT_TYPES = [
  'GradePointAverage',
  'LetterGrade',
  'Percent',
  'PerformanceLevel',
  'PredictedScore',
  'RawScore',
  'Result',
  'RubricCriterion',
  'RubricCriterionLevel',
  'RubricScore',
  'ScaledScore',
  'Status',
] as const;

/** Not extensible: a result's status is one of these. */
export const RESULT_STATUS_TYPES = ['Completed', 'Enrolled', 'Failed', 'InProgress', 'OnHold', 'Withdrew'] as const;

export const achievementTypeSchema = extensibleEnum(ACHIEVEMENT_TYPES, 'an achievement type');
export const identifierTypeSchema = extensibleEnum(IDENTIFIER_TYPES, 'an identifier type');
export const alignmentTargetTypeSchema = extensibleEnum(ALIGNMENT_TARGET_TYPES, 'an alignment target type');
export const resultTypeSchema = extensibleEnum(RESULT_TYPES, 'a result type');
export const resultStatusSchema = z.enum(RESULT_STATUS_TYPES);

export type AchievementType = z.infer<typeof achievementTypeSchema>;
export type IdentifierType = z.infer<typeof identifierTypeSchema>;
export type AlignmentTargetType = z.infer<typeof alignmentTargetTypeSchema>;
export type ResultType = z.infer<typeof resultTypeSchema>;
export type ResultStatus = z.infer<typeof resultStatusSchema>;
