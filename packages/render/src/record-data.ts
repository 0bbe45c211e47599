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
  description: string;
  met: boolean;
}

export interface RecordProgress {
  achievementId: string;
  name: string;
  kind: 'course' | 'program';
  earned: boolean;
  requirements: RecordRequirement[];
}

export interface RecordData {
  learnerName: string;
  issuerName: string;
  credentials: RecordCredential[];
  progress: RecordProgress[];
}
