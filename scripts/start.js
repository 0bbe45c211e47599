// `npm start`: the issuer and the verifier on one SQLite database, with a
// generated development key and a demo issuer, ready to try with curl.
import { startIssuer } from '@laurel/issuer-service';
import { startVerifier } from '@laurel/verifier-service';

const env = { LAUREL_SEED_DEMO: 'true', LOG_LEVEL: 'warn', ...process.env };
const issuer = await startIssuer(env);
const verifier = await startVerifier({ ...env, ISSUER_PUBLIC_URL: issuer.config.ISSUER_PUBLIC_URL }, { store: issuer.store });

const { adminToken, demo } = issuer.bootstrap;
const completion = JSON.stringify({
  issuerId: demo?.issuerId,
  learner: { lmsUserId: '42', name: 'Ada Lovelace', email: 'ada@example.org' },
  courseId: demo?.courseId,
  completionPercent: 100,
  gradePercent: 91,
  passed: true,
  sourceEventId: `demo-${Date.now()}`,
});
console.log(`
Laurel is running.
  issuer    ${issuer.url}   (API docs: ${issuer.url}/openapi.json)
  verifier  ${verifier.url}   (verify page: ${verifier.url}/verify)
${adminToken ? `  admin token (development): ${adminToken}` : '  admin token: the one you set in LAUREL_BOOTSTRAP_TOKEN'}

Issue a credential for the demo course:
  curl -s -X POST ${issuer.url}/v1/completions \\
    -H "Authorization: Bearer ${adminToken ?? '$LAUREL_BOOTSTRAP_TOKEN'}" -H 'content-type: application/json' \\
    -d '${completion}'

Then open the "url" it returns, or paste the credential into ${verifier.url}/verify.
Stop with Ctrl+C.
`);

async function shutdown() {
  await verifier.close();
  await issuer.close();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
