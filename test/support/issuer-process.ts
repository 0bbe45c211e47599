// The issuer service as a real child process, so a test can kill it (-9)
// mid-request and start it again on the same database. It runs the built
// packages (dist/): `npm test` builds before it tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
// The marker line tells the test the URL whatever LOG_LEVEL says.
const START = "const { startIssuer } = await import('@laurel/issuer-service'); const issuer = await startIssuer(process.env); console.log('LAUREL_ISSUER_LISTENING ' + issuer.url);";

export interface IssuerProcess {
  url: string;
  child: ChildProcess;
  /** The last 20 kB the process wrote (stdout and stderr), for failure messages. */
  output(): string;
  /** SIGKILL: no shutdown hooks, no flush, like a crash or an OOM kill. */
  kill(): Promise<void>;
}

export async function spawnIssuer(env: Record<string, string>, startTimeoutMs = 60_000): Promise<IssuerProcess> {
  if (!existsSync(new URL('../../services/issuer/dist/index.js', import.meta.url))) {
    throw new Error('services/issuer/dist is missing: run `npm run build` (npm test does) before this test.');
  }
  const child = spawn(process.execPath, ['--input-type=module', '-e', START], {
    cwd: root,
    // NODE_OPTIONS carries the test network guard (test/setup/network-guard.cjs) into the child.
    env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: process.env.NODE_OPTIONS ?? '', ISSUER_PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  const onError = (chunk: Buffer) => void (output += chunk.toString());
  let onData = (_chunk: Buffer) => {};
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the issuer did not start within ${startTimeoutMs} ms:\n${output}`)), startTimeoutMs);
    onData = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /LAUREL_ISSUER_LISTENING (\S+)/.exec(output)?.[1];
      if (listening) {
        clearTimeout(timer);
        resolve(listening);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onError);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the issuer exited (${code}) before listening:\n${output}`));
    });
  });
  // Keep draining the pipes so a chatty child never blocks on a full pipe.
  child.stdout!.off('data', onData);
  child.stderr!.off('data', onError);
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return {
    url,
    child,
    output: () => output,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
