// Learner records: the owner (LMS token or magic link) sees everything and
// shares all or one path; a share link shows only what was shared, and stops
// working when revoked; nobody reads another learner's record.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from './support/databases.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';
import { learnerToken, seedCertificates, type Seeded } from './support/certificates.js';

const HTML = 'text/html,*/*;q=0.8';
/** The learning platform's sign-in page (LEARNER_SIGN_IN_URL); the test plays the platform. */
const LMS_SIGN_IN = 'https://lms.test/laurel/sign-in?site=main';
const hrefOf = (html: string, text: string) => new RegExp(`<a [^>]*href="([^"]+)"[^>]*>${text}</a>`).exec(html)?.[1]?.replaceAll('&amp;', '&');
const json = (response: Response): Promise<any> => response.json();

describeEachDatabase('learner records', (database) => {
  let issuer: TestIssuer;
  let seeded: Seeded;
  let ada: string;
  let adaToken: string;
  const request = (path: string, init: { token?: string; accept?: string; method?: string; body?: unknown; cookie?: string } = {}) =>
    issuer.app.request(path, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.accept ? { accept: init.accept } : {}),
        ...(init.cookie ? { cookie: init.cookie } : {}),
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });

  beforeAll(async () => {
    issuer = await createTestIssuer(database.url, undefined, { learnerSignInPage: LMS_SIGN_IN });
    seeded = await seedCertificates(issuer);
    ada = seeded.learners.ada!;
    adaToken = await learnerToken(seeded.issuerId, 'ada');
  });
  afterAll(() => issuer.close());

  it('shows the learner their credentials and what is still missing, as JSON, HTML and CSV', async () => {
    const response = await request(`/records/${ada}`, { token: adaToken });
    expect(response.status).toBe(200);
    const record = await json(response);
    expect(record.credentials.map((credential: any) => credential.achievementName).sort()).toEqual(['Art History', 'Computer Science 101']);
    const cs102 = record.progress.find((progress: any) => progress.name === 'Computer Science 102');
    expect(cs102.earned).toBe(false);
    expect(cs102.requirements.filter((requirement: any) => !requirement.met).map((requirement: any) => requirement.description)).toContainEqual(expect.stringMatching(/Final Exam: 50% of 80%/));
    expect(record.progress.find((progress: any) => progress.name === 'Computing Path').earned).toBe(false);

    const page = await (await request(`/records/${ada}`, { token: adaToken, accept: HTML })).text();
    expect(page).toContain('Ada Lovelace');
    expect(page).toContain('Final Exam: 50% of 80%');
    const csv = await request(`/records/${ada}/export.csv`, { token: adaToken });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(await csv.text()).toMatch(/"Computer Science 101","course","Achievement","yes",/);
  });

  it('refuses another learner\'s record (403) and anyone without a token (401)', async () => {
    const bobToken = await learnerToken(seeded.issuerId, 'bob');
    for (const path of [`/records/${ada}`, `/records/${ada}/export.csv`, `/records/${ada}/share-links`]) {
      expect((await request(path, { token: bobToken })).status).toBe(403);
      expect((await request(path)).status).toBe(401);
    }
    expect((await request(`/records/${ada}/share-links`, { token: bobToken, method: 'POST', body: {} })).status).toBe(403);
    // A form posted from another site is refused even with the learner's credentials.
    const crossSite = await issuer.app.request(`/records/${ada}/share-links`, {
      method: 'POST', headers: { authorization: `Bearer ${adaToken}`, 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' }, body: 'pathId=',
    });
    expect(crossSite.status).toBe(403);
    expect(await issuer.store.shareLinks.listForLearner(ada)).toEqual([]);
    // An API token is not a learner token.
    expect((await request(`/records/${ada}`, { token: issuer.adminToken })).status).toBe(401);
  });

  it('shares one path without leaking the rest; a revoked link is 404', async () => {
    const created = await request(`/records/${ada}/share-links`, { token: adaToken, method: 'POST', body: { pathId: seeded.achievements.path } });
    expect(created.status).toBe(201);
    const { url, id } = await json(created);
    const sharedPath = new URL(url).pathname;
    const shared = await json(await request(sharedPath));
    expect(shared.credentials.map((credential: any) => credential.achievementName)).toEqual(['Computer Science 101']);
    expect(shared.progress.map((progress: any) => progress.name).sort()).toEqual(['Computer Science 101', 'Computer Science 102', 'Computing Path']);
    expect(shared.learnerId).toBeUndefined();
    const sharedPage = await (await request(sharedPath, { accept: HTML })).text();
    expect(sharedPage).toContain('Computer Science 101');
    expect(sharedPage).not.toContain('Art History');
    expect(sharedPage).not.toContain(seeded.credentials['ada:art']!);

    const whole = await json(await request(`/records/${ada}/share-links`, { token: adaToken, method: 'POST', body: {} }));
    expect((await json(await request(new URL(whole.url).pathname))).credentials).toHaveLength(2);

    expect((await request(`/records/${ada}/share-links/${id}`, { token: adaToken, method: 'DELETE' })).status).toBe(204);
    expect((await request(sharedPath)).status).toBe(404);
    expect((await request(sharedPath, { accept: HTML })).status).toBe(404);
    expect((await request('/shared/not-a-token')).status).toBe(404);
  });

  it('signs a learner in with a single-use magic link into a cookie session', async () => {
    const link = await issuer.call('POST', `/v1/learners/${ada}/sign-in-links`);
    expect(link.status).toBe(201);
    const signIn = await request(new URL(link.body.url).pathname + new URL(link.body.url).search);
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('location')).toBe(`/records/${ada}`);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    expect(signIn.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect((await request(`/records/${ada}`, { cookie })).status).toBe(200);
    expect((await request(`/records/${seeded.learners.bob}`, { cookie })).status).toBe(403);
    // Used once already.
    expect((await request(new URL(link.body.url).pathname + new URL(link.body.url).search)).status).toBe(401);
    // A forged cookie is nobody.
    expect((await request(`/records/${ada}`, { cookie: cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) })).status).toBe(401);
  });

  it('"Add to wallet" gives the owner a fresh claim offer, and no one else', async () => {
    const credentialId = Object.entries(seeded.credentials).find(([key]) => key.startsWith('ada:'))![1];
    const claim = await request(`/credentials/${credentialId}/claim`, { token: adaToken });
    expect(claim.status).toBe(303);
    expect(claim.headers.get('location')).toMatch(/\/claim\/[A-Za-z0-9_-]+$/);
    const claimPage = await issuer.app.request(new URL(claim.headers.get('location')!).pathname);
    expect(claimPage.status).toBe(200);

    const bobToken = await learnerToken(seeded.issuerId, 'bob');
    expect((await request(`/credentials/${credentialId}/claim`, { token: bobToken })).status).toBe(403);
    expect((await request(`/credentials/${credentialId}/claim`)).status).toBe(401);
  });

  it('leads a signed-out learner asking for a wallet offer to the platform\'s sign-in, and back to the offer', async () => {
    const credentialId = Object.entries(seeded.credentials).find(([key]) => key.startsWith('ada:'))![1];
    const asked = await request(`/credentials/${credentialId}/claim`, { accept: HTML });
    expect(asked.status).toBe(401);
    expect(asked.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await asked.text();
    expect(page).toContain('<h1>Sign in to add this credential to your wallet</h1>');
    const signIn = new URL(hrefOf(page, 'Sign in')!);
    expect(`${signIn.origin}${signIn.pathname}`).toBe('https://lms.test/laurel/sign-in');
    expect(signIn.searchParams.get('site')).toBe('main');
    const returnTo = new URL(signIn.searchParams.get('return_to')!);
    expect(returnTo.href).toBe(`https://issuer.test/records/sign-in?next=%2Fcredentials%2F${credentialId}%2Fclaim`);

    // The platform signs Ada in and sends her back with a learner token appended.
    returnTo.searchParams.set('token', adaToken);
    const back = await request(returnTo.pathname + returnTo.search);
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe(`/credentials/${credentialId}/claim`);
    const cookie = back.headers.get('set-cookie')!.split(';')[0]!;
    const offer = await request(`/credentials/${credentialId}/claim`, { cookie, accept: HTML });
    expect(offer.status).toBe(303);
    expect(offer.headers.get('location')).toMatch(/\/claim\/[A-Za-z0-9_-]+$/);
    expect((await issuer.app.request(new URL(offer.headers.get('location')!).pathname)).status).toBe(200);

    // `next` only ever leads to our own pages.
    for (const next of ['//evil.test/x', 'https://evil.test/', '/credentials/../v1/issuers', '/v1/issuers']) {
      const elsewhere = await request(`/records/sign-in?${new URLSearchParams({ token: adaToken, next })}`);
      expect(elsewhere.headers.get('location'), next).toBe(`/records/${ada}`);
    }
  });

  it('shows browsers styled, translated error pages that say what to do next; machines still get problems', async () => {
    const expired = await request('/records/sign-in?link=no-such-link', { accept: HTML });
    expect(expired.status).toBe(401);
    expect(expired.headers.get('content-type')).toMatch(/^text\/html/);
    expect(expired.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await expired.text();
    expect(page).toContain('<h1>Please sign in</h1>');
    expect(page).toContain('ask for a new one if this one has expired');
    expect(page).toContain('This sign-in link is unknown, used or expired.');
    expect(new URL(hrefOf(page, 'Sign in')!).searchParams.get('return_to')).toBe('https://issuer.test/records/sign-in');

    const spanish = await (await issuer.app.request(`/records/${ada}`, { headers: { accept: HTML, 'accept-language': 'es' } })).text();
    expect(spanish).toContain('<html lang="es" dir="ltr">');
    expect(spanish).toContain('<h1>Inicie sesión</h1>');
    expect(new URL(hrefOf(spanish, 'Iniciar sesión')!).searchParams.get('return_to')).toBe(`https://issuer.test/records/sign-in?next=%2Frecords%2F${ada}`);

    const missing = await request('/claim/not-a-real-claim-token', { accept: HTML });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('<h1>Nothing here</h1>');
    const unknownCredential = await request('/credentials/no-such-credential', { accept: HTML });
    expect(unknownCredential.status).toBe(404);
    expect(await unknownCredential.text()).toContain('Check that the link was copied whole.');

    const machine = await request('/records/sign-in?link=no-such-link', { accept: 'application/json' });
    expect(machine.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await json(machine)).code).toBe('UNAUTHORIZED');
  });
});
