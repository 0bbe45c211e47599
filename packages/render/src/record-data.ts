/** A learner's record as pages and CSV show it: the shape @laurel/issuance's records produce. */
export interface RecordCredential {
  /** The credential's public URL. */
  url: string;
  achievementId: string;
  achievementName: string;
  tier?: string;
  issuedOn: string;
  state: 'active' | 'suspended' | 'revoked';
}

export interface RecordRequirement {
  /** The criteria engine's English wording: shown when the fields below are absent. */
  description: string;
  met: boolean;
  /** The requirement's parts (as @laurel/criteria's Requirement has them), so pages word it in the reader's language. */
  kind?: 'completion' | 'grade' | 'passed' | 'assignmentType' | 'course' | 'coursesCompleted' | 'enrollmentMode';
  required?: number | boolean;
  current?: number | boolean | null;
  assignmentType?: string;
  courseId?: string;
  /** For coursesCompleted: how many courses there are to choose from. */
  total?: number;
}

export interface RecordProgress {
  achievementId: string;
  name: string;
  kind: 'course' | 'program';
  earned: boolean;
  /** Current progress. */
  requirements: RecordRequirement[];
  /** Whether current progress meets the rules (absent: as `earned`). */
  currentlyMet?: boolean;
  /** For a held credential: what it was issued under, shown apart from current progress so the two never read as one. */
  issuedUnder?: { issuedOn: string; requirements: RecordRequirement[] };
}

export interface RecordData {
  learnerName: string;
  issuerName: string;
  credentials: RecordCredential[];
  progress: RecordProgress[];
}
