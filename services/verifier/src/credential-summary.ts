/** What a person wants to read first about a credential, pulled from whichever form it uses. */
export interface CredentialSummary {
  achievement?: string;
  recipient?: string;
  issuer?: string;
  issued?: string;
  expires?: string;
  grade?: string;
}

function record(value: unknown): Record<string, unknown> | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim()) return value;
  // Language value objects: { "@value": "…", "@language": "en" }
  const object = record(value);
  return typeof object?.['@value'] === 'string' ? object['@value'] : undefined;
}

export function summarizeCredential(credential: unknown): CredentialSummary {
  const document = record(credential) ?? {};
  const subject = record(document.credentialSubject) ?? {};
  const achievement = record(subject.achievement);
  const issuer = document.issuer;
  const results = Array.isArray(subject.result) ? subject.result : [];
  const grade = results.map((result) => text(record(result)?.value)).find(Boolean);
  const summary: CredentialSummary = {};
  // The achievement's name, not the credential's: that is what was earned.
  const achievementName = text(achievement?.name) ?? text(document.name);
  if (achievementName) summary.achievement = achievementName;
  const recipient = text(subject.name) ?? (typeof subject.id === 'string' ? subject.id : undefined);
  if (recipient) summary.recipient = recipient;
  const issuerName = typeof issuer === 'string' ? issuer : text(record(issuer)?.name) ?? text(record(issuer)?.id);
  if (issuerName) summary.issuer = issuerName;
  const issued = text(document.validFrom) ?? text(document.issuanceDate);
  if (issued) summary.issued = issued;
  const expires = text(document.validUntil) ?? text(document.expirationDate);
  if (expires) summary.expires = expires;
  if (grade) summary.grade = grade;
  return summary;
}
