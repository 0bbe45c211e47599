import { createDocumentLoader, oneVerificationLoader } from '@laurel/contexts';
import { signCredential, verifyCredentialExceptStatus, verifyPresentationExceptStatus, type VerifyOptions } from '@laurel/suites';
import { callbacksOver } from './back-channel.js';
import { serializeError } from './errors.js';
import type { Outcome, Task, VerifyCredentialTask, VerifyPresentationTask } from './tasks.js';

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
      return signCredential(credential, { key, ...(suite ? { suite } : {}), ...(created === undefined ? {} : { created }), ...(skipValidation ? { skipValidation } : {}) });
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
