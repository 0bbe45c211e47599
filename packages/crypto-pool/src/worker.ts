import { createDocumentLoader, oneVerificationLoader } from '@laurel/contexts';
import { signCredential, verifyCredentialExceptStatus, verifyPresentationExceptStatus, type VerifyOptions } from '@laurel/suites';
import { callbacksOver } from './back-channel.js';
import { serializeError } from './errors.js';
import type { Outcome, PlainKey, Task, VerifyCredentialTask, VerifyPresentationTask } from './tasks.js';

/**
 * One key object per key on this thread. Each task brings its key as a fresh copy, and the
 * suites import a key once per object (about a tenth of a signature): the first copy seen
 * stands for the ones that equal it. Bounded like the suites' own key cache.
 */
const keys = new Map<string, PlainKey>();
const MAX_KEYS = 256;

function keyObjectFor(key: PlainKey): PlainKey {
  const known = keys.get(key.id);
  if (known && known.controller === key.controller && known.publicKeyMultibase === key.publicKeyMultibase && known.secretKeyMultibase === key.secretKeyMultibase && known.revoked === key.revoked) return known;
  keys.delete(key.id);
  keys.set(key.id, key);
  if (keys.size > MAX_KEYS) keys.delete(keys.keys().next().value!);
  return key;
}

/**
 * Run by piscina on each worker thread (compiled: dist/worker.js). Bundled
 * contexts, did:key and compiled contexts live here, once per thread; did:web
 * documents are asked of the caller, and status lists are left to it.
 */
function verifyOptions(task: VerifyCredentialTask | VerifyPresentationTask): Omit<VerifyOptions, 'checkStatus'> {
  const { fetchDidWebDocument } = task.port ? callbacksOver(task.port, task.callbacks) : {};
  return {
    documentLoader: oneVerificationLoader(createDocumentLoader(fetchDidWebDocument ? { fetchDidWebDocument } : {})),
    now: task.now,
    ...(task.maxClockSkewSeconds === undefined ? {} : { maxClockSkewSeconds: task.maxClockSkewSeconds }),
  };
}

async function perform(task: Task): Promise<unknown> {
  switch (task.kind) {
    case 'signCredential': {
      const { credential, key, suite, created, skipValidation } = task;
      return signCredential(credential, { key: keyObjectFor(key), ...(suite ? { suite } : {}), ...(created === undefined ? {} : { created }), ...(skipValidation ? { skipValidation } : {}) });
    }
    case 'verifyCredential':
      return verifyCredentialExceptStatus(task.credential, verifyOptions(task));
    case 'verifyPresentation': {
      const { challenge, domain } = task;
      return verifyPresentationExceptStatus(task.presentation, { challenge, ...(domain === undefined ? {} : { domain }), ...verifyOptions(task) });
    }
  }
}

export default async function runTask(task: Task): Promise<Outcome> {
  try {
    return { ok: true, value: await perform(task) };
  } catch (error) {
    return { ok: false, error: serializeError(error) };
  } finally {
    if (task.kind !== 'signCredential') task.port?.close();
  }
}
