// `laurel admin lti platforms add|list|remove`, in-process, on every database.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { main } from '@laurel/cli';
import { describeEachDatabase } from './support/databases.js';
import { createTestIssuer, type TestIssuer } from './support/issuer.js';
import { createTenant, type Tenant } from './issuer-api-support.js';

async function laurel(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { stdout: (text) => void out.push(text), stderr: (text) => void err.push(text), readStdin: async () => '' });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describeEachDatabase('laurel admin lti platforms', (database) => {
  let issuer: TestIssuer;
  let tenant: Tenant;
  beforeAll(async () => {
    issuer = await createTestIssuer(database.url);
    tenant = await createTenant(issuer, `lti-cli-${database.dialect}`);
  });
  afterAll(() => issuer.close());
  const db = () => ['--database', database.url];
  const add = (extra: string[] = []) => [
    'admin', 'lti', 'platforms', 'add', '--issuer', tenant.issuerId, '--name', 'Canvas', '--platform-issuer', `https://canvas-${database.dialect}.instructure.com`, '--client-id', '10000000000001',
    '--deployment', '1:abc', '--deployment', '2:def', '--auth-login-url', 'https://sso.canvaslms.com/api/lti/authorize_redirect', '--jwks-url', 'https://sso.canvaslms.com/api/lti/security/jwks', ...extra, ...db(),
  ];

  it('adds a platform (audited as cli), lists it, refuses a bad claim or a duplicate, and removes it', async () => {
    const added = await laurel(add(['--learner-claim', 'email']));
    expect(added.code, added.stderr).toBe(0);
    const platform = JSON.parse(added.stdout) as { id: string; deploymentIds: string[]; learnerClaim: string };
    expect(platform).toMatchObject({ deploymentIds: ['1:abc', '2:def'], learnerClaim: 'email' });
    expect((await laurel(add())).code).toBe(1);
    const badClaim = await laurel(add(['--learner-claim', 'shoe-size', '--client-id', 'other']));
    expect(badClaim.code).toBe(2);
    expect(badClaim.stderr).toContain('learnerClaim');

    const listed = await laurel(['admin', 'lti', 'platforms', 'list', '--issuer', tenant.issuerId, '--json', ...db()]);
    expect((JSON.parse(listed.stdout) as { id: string }[]).map((row) => row.id)).toEqual([platform.id]);
    const audit = await issuer.store.db.selectFrom('auditLog').select(['actor', 'action']).where('targetId', '=', platform.id).execute();
    expect(audit).toEqual([{ actor: 'cli', action: 'lti-platform.register' }]);

    expect((await laurel(['admin', 'lti', 'platforms', 'remove', platform.id, ...db()])).code).toBe(0);
    expect((await laurel(['admin', 'lti', 'platforms', 'remove', platform.id, ...db()])).code).toBe(1);
    expect((await laurel(['admin', 'lti', 'platforms', 'list', '--issuer', tenant.issuerId, ...db()])).stdout).toBe('');
  });
});
