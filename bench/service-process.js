// A Laurel service started as operators start it (`laurel-issuer` / `laurel-verifier`), in its own
// process, for benches that measure it from outside. Resolves once it listens (every copy, with
// <SERVICE>_PROCESSES > 1); stop() sends SIGTERM and waits for it to exit.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export async function startServiceProcess(service, env, { cpus } = {}) {
  const bin = fileURLToPath(new URL(`../services/${service}/bin/laurel-${service}.js`, import.meta.url));
  // `cpus` (e.g. '1') pins the process to those cores with taskset(1), for a measurement on one core.
  const [command, args] = cpus === undefined ? [process.execPath, [bin]] : ['taskset', ['--cpu-list', cpus, process.execPath, bin]];
  const child = spawn(command, args, { env: { ...process.env, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const clustered = Number(env[`${service.toUpperCase()}_PROCESSES`] ?? 1) > 1;
  const url = await new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += chunk;
      // One process logs its port; a cluster's first process logs the URL once every copy listens.
      const port = !clustered && new RegExp(`"port":(\\d+),[^\\n]*"msg":"${service} listening"`).exec(text)?.[1];
      const ready = port ? `http://127.0.0.1:${port}` : clustered && new RegExp(`"url":"([^"]+)","msg":"laurel-${service} listening with`).exec(text)?.[1]?.replace('localhost', '127.0.0.1');
      if (ready) {
        child.stdout.removeAllListeners('data').resume();
        resolve(ready);
      }
    });
    child.once('exit', (code) => reject(new Error(`laurel-${service} exited (${code}) before listening:\n${text.slice(-2000)}`)));
  });
  return {
    url,
    stop: async () => {
      child.removeAllListeners('exit');
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
