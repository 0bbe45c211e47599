/** A person who signs certificates of an achievement, as configured by the issuer. */
export interface Signatory {
  name: string;
  title?: string;
  organization?: string;
  signatureImageUrl?: string;
}

/**
 * Everything a template shows, whichever template it is. Built from the
 * signed credential itself, so the page, the PDF and the proof never disagree.
 */
export interface CertificateData {
  /** The credential's id: its public URL. */
  credentialId: string;
  learnerName: string;
  achievementName: string;
  achievementDescription?: string;
  tier?: string;
  /** The achievement's criteria narrative as signed: what the learner had to do. */
  criteria?: string;
  issuerName: string;
  issuerUrl?: string;
  /** ISO date-time the credential became valid. */
  issuedOn: string;
  grade?: string;
  imageUrl?: string;
  signatories: Signatory[];
}

type Json = Record<string, unknown>;

const object = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

/** The data a certificate shows, read from a signed Open Badges 3.0 credential (VC 2.0 or 1.1). */
export function certificateFromCredential(credential: unknown, signatories: Signatory[] = []): CertificateData {
  const document = object(credential);
  const subject = object(first(document.credentialSubject));
  const achievement = object(subject.achievement);
  const issuer = object(document.issuer);
  const image = achievement.image;
  const result = object(first(subject.result));
  // OB 3.0 names the achievement's keywords `tag` (Achievement.tag); `tags` is our builder's input name, read too for older data.
  const tags = [achievement.tag, achievement.tags].flatMap((value) => (Array.isArray(value) ? value : value === undefined ? [] : [value]));
  return {
    credentialId: text(document.id) ?? '',
    learnerName: text(subject.name) ?? '',
    achievementName: text(achievement.name) ?? '',
    ...(text(achievement.description) && achievement.description !== achievement.name ? { achievementDescription: achievement.description as string } : {}),
    ...(text(tags[0]) ? { tier: tags[0] as string } : {}),
    ...(text(object(achievement.criteria).narrative) ? { criteria: object(achievement.criteria).narrative as string } : {}),
    issuerName: text(issuer.name) ?? text(document.issuer) ?? '',
    ...(text(issuer.url) ? { issuerUrl: issuer.url as string } : {}),
    issuedOn: text(document.validFrom) ?? text(document.issuanceDate) ?? '',
    ...(text(result.value) ? { grade: result.value as string } : {}),
    ...(text(image) || text(object(image).id) ? { imageUrl: (text(image) ?? text(object(image).id))! } : {}),
    signatories,
  };
}

/** Signatories as stored on an achievement (free-form JSON), keeping only well-formed entries. */
export function signatoriesFrom(value: unknown): Signatory[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    const raw = object(entry);
    const name = text(raw.name);
    if (!name) return [];
    const signature = text(raw.signatureImageUrl);
    return [{
      name,
      ...(text(raw.title) ? { title: raw.title as string } : {}),
      ...(text(raw.organization) ? { organization: raw.organization as string } : {}),
      // Same rule as theme images: https or inline only.
      ...(signature && /^(https:\/\/|data:image\/)/.test(signature) ? { signatureImageUrl: signature } : {}),
    }];
  });
}
