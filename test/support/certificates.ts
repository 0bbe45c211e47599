// Issued credentials to look at: one issuer, a two-course path, and learners
// who earned some of it. Shared by the certificate, record and browser tests.
import { SignJWT } from 'jose';
import { expect } from 'vitest';
import type { TestIssuer } from './issuer.js';
import { encodeRgbaPng } from '@laurel/render';

export const LMS_SECRET = 'test-lms-shared-secret-of-enough-length';
/** A solid-colour PNG of the given size, as a data: URL. */
function inlinePng(width: number, height: number, rgba: [number, number, number, number]): string {
  const pixels = new Uint8Array(width * height * 4);
  for (let index = 0; index < pixels.length; index += 4) pixels.set(rgba, index);
  return `data:image/png;base64,${encodeRgbaPng(width, height, pixels).toString('base64')}`;
}
export const SIGNATURE_IMAGE = inlinePng(64, 24, [20, 20, 120, 255]);
export const LOGO_IMAGE = inlinePng(96, 32, [200, 60, 20, 255]);

export const COURSES = { cs101: 'course-v1:Org+CS101+2026', cs102: 'course-v1:Org+CS102+2026', art: 'course-v1:Org+ART1+2026' };

export interface Seeded {
  issuerId: string;
  achievements: { cs101: string; cs102: string; art: string; path: string };
  /** lms user id → learner id */
  learners: Record<string, string>;
  /** `${lmsUserId}:${course}` → credential id */
  credentials: Record<string, string>;
}

function completion(lmsUserId: string, name: string, courseId: string, finalExam = 90) {
  const done = finalExam >= 80;
  return {
    learner: { lmsUserId, name, locale: 'en' },
    courseId,
    completionPercent: done ? 100 : 60,
    gradePercent: done ? 88 : 50,
    assignmentGrades: { 'Final Exam': finalExam },
    passed: done,
    sourceEventId: `${lmsUserId}-${courseId}-${finalExam}`,
  };
}

export async function seedCertificates(issuer: TestIssuer): Promise<Seeded> {
  const slug = `u-${Math.random().toString(36).slice(2, 8)}`;
  const created = await issuer.call('POST', '/v1/issuers', { slug, name: 'Example University', didMethod: 'key' });
  expect(created.status).toBe(201);
  const issuerId = created.body.id as string;
  const achievement = async (body: Record<string, unknown>) => {
    const response = await issuer.call('POST', `/v1/issuers/${issuerId}/achievements`, body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body.id as string;
  };
  // Inline images, as an issuer uploads them: a 64×24 signature and a 96×32 logo (distinct sizes, so pdfimages tells them apart).
  const signatories = [{ name: 'Dr. Grace Hopper', title: 'Dean of Computing', signatureImageUrl: SIGNATURE_IMAGE }];
  const achievements = {
    cs101: await achievement({ externalId: COURSES.cs101, name: 'Computer Science 101', tier: 'Achievement', signatories, template: 'classic', theme: { logoUrl: LOGO_IMAGE }, rules: { minCompletionPercent: 80, assignmentTypeMinimums: { 'Final Exam': 80 } }, reportGrade: true }),
    cs102: await achievement({ externalId: COURSES.cs102, name: 'Computer Science 102', template: 'badge-card', theme: { primaryColor: '#123456', locale: 'es' }, rules: { minCompletionPercent: 80, assignmentTypeMinimums: { 'Final Exam': 80 } } }),
    art: await achievement({ externalId: COURSES.art, name: 'Art History', rules: { minCompletionPercent: 80 } }),
    path: await achievement({ externalId: 'path-cs', kind: 'program', name: 'Computing Path', rules: { courses: [{ courseId: COURSES.cs101 }, { courseId: COURSES.cs102 }] } }),
  };
  const records = [
    completion('ada', 'Ada Lovelace', COURSES.cs101),
    completion('ada', 'Ada Lovelace', COURSES.art),
    completion('ada', 'Ada Lovelace', COURSES.cs102, 50),
    completion('bob', 'Bob Babbage', COURSES.cs101),
  ];
  const outcome = await issuer.call('POST', '/v1/completions', { issuerId, records });
  expect(outcome.status, JSON.stringify(outcome.body)).toBe(200);
  const learners: Record<string, string> = {};
  for (const progress of outcome.body.progress) learners[progress.lmsUserId] = progress.learnerId;
  const credentials: Record<string, string> = {};
  const courseOf = Object.fromEntries(Object.entries(achievements).map(([course, id]) => [id, course]));
  const lmsOf = Object.fromEntries(Object.entries(learners).map(([lms, id]) => [id, lms]));
  for (const issued of outcome.body.issued) credentials[`${lmsOf[issued.learnerId]}:${courseOf[issued.achievementId]}`] = issued.credentialId;
  return { issuerId, achievements, learners, credentials };
}

/** A learner token as the LMS would mint it. */
export function learnerToken(issuerId: string, lmsUserId: string): Promise<string> {
  return new SignJWT({ issuer_id: issuerId, lms_user_id: lmsUserId })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(LMS_SECRET));
}
