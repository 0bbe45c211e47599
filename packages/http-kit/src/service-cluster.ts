import cluster, { type Worker } from 'node:cluster';
import { countOrAuto } from './count-setting.js';
import type { Logger } from './logger.js';

/**
 * How many processes serve one port: a count, or `auto` for one per core. Parsed by each service's
 * config (ISSUER_PROCESSES, VERIFIER_PROCESSES) so a bad value stops it with the variable named.
 */
export const processCountSchema = countOrAuto(1, 256, 1);

/** What a started service gives back: enough to announce it and to stop it. */
export interface StartedService {
  url: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  /** `laurel-issuer` or `laurel-verifier`, for the log. */
  service: string;
  /** From the service's parsed config: 1 serves in this process, more forks that many. */
  processes: number;
  /** Starts one serving process (the service's startIssuer / startVerifier). */
  start: () => Promise<StartedService>;
  logger: Logger;
}

/** The message a serving process sends its primary once it listens. */
interface ListeningMessage {
  laurel: 'listening';
  url: string;
}

const isListening = (message: unknown): message is ListeningMessage =>
  typeof message === 'object' && message !== null && (message as { laurel?: unknown }).laurel === 'listening';

/**
 * Runs a service until SIGTERM or SIGINT: in this process when `processes` is 1, else as a
 * node:cluster primary that forks `processes` copies of the running script, all serving the same
 * port (Node hands each new connection to one of them in turn). The services keep no state of their
 * own, so copies need no coordination beyond what the database already gives several hosts.
 *
 * A copy that dies after it listened is replaced. One that dies before it ever listened (a bad
 * setting, a database that does not answer) stops the whole cluster with exit code 1, rather than
 * respawning a process that can only fail the same way. One that exits cleanly (code 0) stops the
 * others too.
 */
export async function serveService(options: ServeOptions): Promise<void> {
  if (cluster.isWorker) return serveAsClusterMember(options);
  if (options.processes === 1) {
    const running = await options.start();
    stopOnSignal(options.logger, () => running.close());
    return;
  }
  // cluster.fork() runs the primary's script again: there must be one (not `node -e`).
  if (!process.argv[1]) throw new Error(`${options.service}: more than one process needs a script to fork; start it with the ${options.service} command`);
  return runPrimary(options);
}

async function serveAsClusterMember(options: ServeOptions): Promise<void> {
  const running = await options.start();
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await running.close();
    process.exit(0);
  };
  // The primary asks by disconnecting (on its own SIGTERM); a signal sent to this process directly works too.
  process.on('disconnect', () => void stop());
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.send?.({ laurel: 'listening', url: running.url } satisfies ListeningMessage);
}

function runPrimary({ service, processes, logger }: ServeOptions): Promise<void> {
  const listening = new Set<Worker>();
  let stopping: Promise<void> | undefined;
  let announced = false;

  const fork = () => {
    const worker = cluster.fork();
    worker.on('message', (message: unknown) => {
      if (!isListening(message)) return;
      listening.add(worker);
      logger.info({ worker: worker.process.pid, url: message.url }, `${service} process listening`);
      if (!announced && listening.size === processes) {
        announced = true;
        logger.info({ processes, url: message.url }, `${service} listening with ${processes} processes`);
      }
    });
    worker.on('exit', (code, signal) => {
      const hadListened = listening.delete(worker);
      if (stopping) return;
      // A copy that stopped cleanly was asked to (Ctrl+C reaches every process of the terminal's
      // group, often before this one handles it): stop the others rather than replace it.
      if (code === 0 && signal === null) {
        void stopWorkers().then(() => process.exit(0));
        return;
      }
      if (hadListened) {
        logger.error({ worker: worker.process.pid, code, signal }, `${service} process exited; starting another`);
        fork();
        return;
      }
      logger.error({ worker: worker.process.pid, code, signal }, `${service} process failed to start; stopping`);
      void stopWorkers().then(() => process.exit(1));
    });
  };

  /** Disconnects every copy (each closes its server and exits) and resolves once all have exited. */
  const stopWorkers = () =>
    (stopping ??= Promise.all(
      Object.values(cluster.workers ?? {}).map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (!worker || worker.isDead()) return resolve();
            worker.once('exit', () => resolve());
            worker.disconnect();
          }),
      ),
    ).then(() => undefined));

  for (let i = 0; i < processes; i += 1) fork();
  stopOnSignal(logger, stopWorkers);
  return Promise.resolve();
}

function stopOnSignal(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'stopping failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
