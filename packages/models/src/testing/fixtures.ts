import type { OpenBadgeCredentialInput } from '../open-badge-credential-input.js';

/** A minimal valid VC 2.0 credential; tests break one rule at a time on a fresh copy. */
export function validCredential(): Record<string, unknown> {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
    id: 'urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33',
    type: ['VerifiableCredential', 'ExampleAlumniCredential'],
    issuer: 'did:example:2g55q912ec3476eba2l9812ecbfe',
    validFrom: '2023-01-01T00:00:00Z',
    validUntil: '2033-01-01T00:00:00Z',
    credentialSubject: { id: 'did:example:ebfeb1f712ebc6f1c276e12ec21', alumniOf: 'Example University' },
  };
}

/** A minimal valid VC 1.1 credential. */
export function validCredentialV1(): Record<string, unknown> {
  return {
    '@context': ['https://www.w3.org/2018/credentials/v1'],
    id: 'http://example.edu/credentials/1872',
    type: ['VerifiableCredential'],
    issuer: 'https://example.edu/issuers/565049',
    issuanceDate: '2010-01-01T19:23:24Z',
    credentialSubject: { id: 'did:example:ebfeb1f712ebc6f1c276e12ec21', alumniOf: 'Example University' },
  };
}

/** Builder input exercising most options. */
export function badgeInput(): OpenBadgeCredentialInput {
  return {
    id: 'urn:uuid:0f8fe5a2-6f2b-4a5e-9b3c-3c5d4b2a1e01',
    issuer: {
      id: 'did:web:learn.example.org',
      name: 'Example Academy',
      url: 'https://learn.example.org',
      email: 'badges@learn.example.org',
      image: 'https://learn.example.org/logo.png',
    },
    achievement: {
      id: 'https://learn.example.org/achievements/intro-python',
      name: 'Introduction to Python',
      description: 'Completed the introductory Python course.',
      criteria: { narrative: 'Pass every graded assignment with at least 60%.' },
      achievementType: 'Course',
      image: { id: 'https://learn.example.org/achievements/intro-python.png', caption: 'Python badge' },
      tags: ['python', 'programming'],
      resultDescriptions: [
        {
          id: 'urn:uuid:7d1a3a55-2d8c-4c41-9e53-0f7b6e2c4a10',
          name: 'Final grade',
          resultType: 'LetterGrade',
          allowedValue: ['D', 'C', 'B', 'A'],
          requiredValue: 'D',
        },
      ],
    },
    recipient: { id: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', name: 'Ada Lovelace', email: 'ada@example.org' },
    validFrom: '2024-05-01T12:00:00Z',
    results: [{ resultDescription: 'urn:uuid:7d1a3a55-2d8c-4c41-9e53-0f7b6e2c4a10', value: 'A' }],
  };
}

/** A minimal valid Open Badges 3.0 credential in VC 2.0 form, written by hand (not by the builder). */
export function validOpenBadge(): Record<string, unknown> {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: 'urn:uuid:a63a60be-f4af-491e-87fc-2c8fd2b59a1c',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: 'Teamwork Badge',
    issuer: { id: 'https://example.edu/issuers/565049', type: ['Profile'], name: 'Example University' },
    validFrom: '2024-01-01T00:00:00Z',
    credentialSubject: {
      id: 'did:example:ebfeb1f712ebc6f1c276e12ec21',
      type: ['AchievementSubject'],
      achievement: {
        id: 'https://example.edu/achievements/teamwork',
        type: ['Achievement'],
        name: 'Teamwork',
        description: 'Works well in a team.',
        criteria: { narrative: 'Nominated by peers.' },
      },
    },
  };
}
