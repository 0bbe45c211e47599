import { it } from 'vitest';
import { createTestIssuer } from './support/issuer.js';
import { freshDatabaseUrl } from './support/databases.js';

it('probe', async () => {
  const db = await freshDatabaseUrl('mysql');
  const t = await createTestIssuer(db.url, []);
  const a = await t.call('POST', '/v1/issuers', { slug: 'a-u', name: 'A', didMethod: 'key' });
  const r = await t.call('POST', '/credentials/issue', { credential: { '@context': ['https://www.w3.org/ns/credentials/v2'], id: 'https://issuer.example.org/credentials/5a3c4e1e-3ac9-4b02-b5a1-2a5d1f3e9f10', type: ['VerifiableCredential'], credentialSubject: { id: 'did:example:1' } }, options: { issuerId: a.body.id } });
  console.log('longid', r.status, JSON.stringify(r.body).slice(0, 600));
  await t.close();
  await db.drop();
});
