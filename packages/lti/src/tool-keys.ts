import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Store } from '@laurel/store';
import { ltiToolKeySealContext, sealSecretKey } from '@laurel/suites';

/** The alg platforms must accept from a tool (LTI Security Framework §6.1). */
export const TOOL_KEY_ALG = 'RS256';

export interface ToolKeyDeps {
  store: Pick<Store, 'ltiToolKeys'>;
  keyEncryptionKey: Uint8Array;
}

/** Associated data for the sealed private key (defined beside the other seal contexts, which key rotation uses too). */
export const toolKeySealContext = ltiToolKeySealContext;

async function createToolKey(deps: ToolKeyDeps): Promise<void> {
  const { publicKey, privateKey } = await generateKeyPair(TOOL_KEY_ALG, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateJwk = await exportJWK(privateKey);
  await deps.store.ltiToolKeys.addIfAbsent({
    kid,
    publicJwk: JSON.stringify({ ...publicJwk, kid, alg: TOOL_KEY_ALG, use: 'sig' }),
    sealedPrivateKey: sealSecretKey(JSON.stringify({ ...privateJwk, kid, alg: TOOL_KEY_ALG }), deps.keyEncryptionKey, toolKeySealContext(kid)),
  });
}

/**
 * The tool's public keys, as platforms fetch them from /lti/jwks.json to
 * check what the tool signs (service tokens, deep-linking answers). The
 * first key is made on first use, so a fresh install needs no setting; two
 * processes racing may both make one, and then both are published.
 */
export async function toolJwks(deps: ToolKeyDeps): Promise<{ keys: JWK[] }> {
  let keys = await deps.store.ltiToolKeys.list();
  if (keys.length === 0) {
    await createToolKey(deps);
    keys = await deps.store.ltiToolKeys.list();
  }
  return { keys: keys.map((key) => JSON.parse(key.publicJwk) as JWK) };
}
