// `npm start`: the issuer and the verifier on one SQLite database, with a
// generated development key and a demo issuer, ready to try with curl.
import { startIssuer } from '@laurel/issuer-service';
import { startVerifier } from '@laurel/verifier-service';

// The event-bus consumer runs when Redis answers, so the LMS simulator works out of the box.
const env = { LAUREL_SEED_DEMO: 'true', LOG_LEVEL: 'warn', EVENT_BUS_CONSUMER: 'auto', EVENT_BUS_ISSUER_ID: 'demo', ...process.env };
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
${
  issuer.workers.eventBus
    ? `
Or play the LMS: publish an Open edX certificate event to the Redis event bus
(streams ${issuer.workers.eventBus.streams.join(', ')}):
  npx laurel simulate-lms certificate-created${env.EVENT_BUS_TOPIC_PREFIX && env.EVENT_BUS_TOPIC_PREFIX !== 'dev' ? ` --prefix ${env.EVENT_BUS_TOPIC_PREFIX}` : ''} --course ${demo?.openEdxCourseId ?? 'course-v1:Laurel+EDX101+2026'} \\
    --user-id 7 --username grace --email grace@example.org --name 'Grace Hopper' --grade 0.93
Each handled event is logged with the ids of the credentials it issued (run with
LOG_LEVEL=info to see them); a credential's page is ${issuer.url}/credentials/<id>.
`
    : `
Event bus: off (Redis did not answer at ${env.REDIS_URL ?? 'redis://127.0.0.1:6379'}). Start Redis and restart to try the LMS simulator.
`
}Stop with Ctrl+C.
`);

async function shutdown() {
  await verifier.close();
  await issuer.close();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
