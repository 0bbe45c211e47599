/**
 * A throwaway 3-node MariaDB Galera cluster on local ports, for tests and
 * benches of multi-primary issuance. Each node is a `mariadbd` child process
 * with its own temp data folder; the first bootstraps the cluster
 * (--wsrep-new-cluster), the others join it by rsync state transfer (SST).
 * Nothing here touches the shared server on 3306.
 *
 * Ports, from `basePort` (default 33061; offset = basePort − 33061): client
 * 33061+offset… , group communication (gcomm) 45671+offset…, incremental
 * state transfer (IST) 45771+offset…, rsync SST 45871+offset… — so clusters
 * ten ports apart (test 33061, bench 33071) can run side by side.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';

export const GALERA_PROVIDER = process.env.LAUREL_GALERA_PROVIDER ?? '/usr/lib/galera/libgalera_smm.so';
const MARIADBD = process.env.LAUREL_MARIADBD ?? 'mariadbd';
const INSTALL_DB = process.env.LAUREL_MARIADB_INSTALL_DB ?? 'mariadb-install-db';
const NODES = 3;

export interface GaleraNode {
  /** 1, 2, 3. */
  index: number;
  port: number;
  /** `mysql://root@127.0.0.1:<port>` (no database). */
  serverUrl: string;
  process: ChildProcess;
}

export interface GaleraCluster {
  nodes: GaleraNode[];
  /** Creates a database (replicated to every node: DDL is total-order) and returns its URL on each node. */
  createDatabase(name: string): Promise<string[]>;
  /** `show status` value on a node. */
  status(node: GaleraNode, variable: string): Promise<string | undefined>;
  /** Transactions Galera rolled back on any node so far (certification failures and brute-force aborts): each a conflict the client had to retry. */
  conflicts(): Promise<number>;
  /** Stops every node and deletes their data. */
  stop(): Promise<void>;
}

function onPath(command: string): boolean {
  if (command.includes('/')) return existsSync(command);
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Why a cluster cannot be started here, or undefined when it can. */
export function galeraProblem(): string | undefined {
  if (!existsSync(GALERA_PROVIDER)) return `the Galera provider ${GALERA_PROVIDER} is missing (Debian: apt-get install galera-4)`;
  for (const command of [MARIADBD, INSTALL_DB, 'rsync']) {
    if (!onPath(command)) return `${command} is not installed (Debian: apt-get install mariadb-server rsync)`;
  }
  return undefined;
}

function connect(port: number): Promise<Connection> {
  return createConnection({ host: '127.0.0.1', port, user: 'root', connectTimeout: 2_000 });
}

async function statusOn(port: number, variable: string): Promise<string | undefined> {
  const connection = await connect(port);
  try {
    const [rows] = await connection.query('SHOW STATUS LIKE ?', [variable]);
    return (rows as Array<{ Value: string }>)[0]?.Value;
  } finally {
    await connection.end();
  }
}

/**
 * Polls `check` until it is true; the error names what never happened and
 * shows the nodes' logs. Gives up at once when a node has exited.
 */
async function until(check: () => Promise<boolean>, timeoutMs: number, what: string, logs: () => string, nodes: GaleraNode[] = []): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const exited = nodes.find((node) => node.process.exitCode !== null || node.process.signalCode !== null);
    if (exited) throw new Error(`Galera: node ${exited.index} exited (${exited.process.exitCode ?? exited.process.signalCode}) while waiting: ${what}.\n${logs()}`);
    try {
      if (await check()) return;
    } catch {
      // Not up yet: the port refuses or the node is still receiving its state.
    }
    if (Date.now() > deadline) throw new Error(`Galera: ${what} within ${timeoutMs} ms.\n${logs()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function config(dir: string, index: number, basePort: number): string {
  const offset = basePort - 33061;
  const gcomm = (i: number) => 45670 + offset + i;
  const running = process.getuid?.() === 0;
  return `[mysqld]
${running ? 'user=root' : ''}
datadir=${dir}/data
socket=${dir}/mysqld.sock
pid-file=${dir}/mysqld.pid
port=${basePort + index - 1}
bind-address=127.0.0.1
skip-name-resolve
performance_schema=OFF
binlog_format=ROW
default_storage_engine=InnoDB
innodb_autoinc_lock_mode=2
innodb_buffer_pool_size=64M
innodb_log_file_size=16M
innodb_flush_log_at_trx_commit=0
wsrep_on=ON
wsrep_provider=${GALERA_PROVIDER}
wsrep_cluster_name=laurel_test_${basePort}
wsrep_cluster_address=gcomm://${[1, 2, 3].map((i) => `127.0.0.1:${gcomm(i)}`).join(',')}
wsrep_node_address=127.0.0.1:${gcomm(index)}
wsrep_node_incoming_address=127.0.0.1:${basePort + index - 1}
wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:${gcomm(index)};ist.recv_addr=127.0.0.1:${gcomm(index) + 100};gcache.size=32M"
wsrep_sst_method=rsync
wsrep_sst_receive_address=127.0.0.1:${gcomm(index) + 200}
`;
}

export interface StartGaleraOptions {
  /** Client port of node 1 (default 33061); nodes 2 and 3 take the next two. */
  basePort?: number;
  timeoutMs?: number;
}

/** Starts three nodes and resolves once `wsrep_cluster_size` is 3 and every node is synced and answers. */
export async function startGaleraCluster(options: StartGaleraOptions = {}): Promise<GaleraCluster> {
  const problem = galeraProblem();
  if (problem !== undefined) throw new Error(`Galera cannot run here: ${problem}`);
  const basePort = options.basePort ?? 33061;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const root = mkdtempSync(path.join(os.tmpdir(), 'laurel-galera-'));
  const nodes: GaleraNode[] = [];
  const output: string[] = ['', '', ''];
  const logs = () => nodes.map((node) => `--- node ${node.index} ---\n${output[node.index - 1]!.slice(-3_000)}`).join('\n');

  const start = (index: number, extra: string[]) => {
    const dir = path.join(root, `node${index}`);
    const child = spawn(MARIADBD, [`--defaults-file=${dir}/my.cnf`, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
    const collect = (chunk: Buffer) => void (output[index - 1] = (output[index - 1] + chunk.toString()).slice(-20_000));
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    const port = basePort + index - 1;
    nodes.push({ index, port, serverUrl: `mysql://root@127.0.0.1:${port}`, process: child });
  };

  const stop = async () => {
    await Promise.all(nodes.map(async ({ process: child }) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }));
    rmSync(root, { recursive: true, force: true });
  };

  try {
    for (let index = 1; index <= NODES; index += 1) {
      const dir = path.join(root, `node${index}`);
      mkdirSync(path.join(dir, 'data'), { recursive: true });
      writeFileSync(path.join(dir, 'my.cnf'), config(dir, index, basePort));
    }
    // Only the first node gets system tables; the joiners receive node 1's whole data folder.
    const install = spawnSync(INSTALL_DB, [`--defaults-file=${root}/node1/my.cnf`, '--auth-root-authentication-method=normal', '--skip-test-db'], { encoding: 'utf8' });
    if (install.status !== 0) throw new Error(`mariadb-install-db failed: ${install.stderr}${install.stdout}`);
    // rsync's SST daemon runs as `nobody` when started by root, so a joiner's data folder must be nobody's.
    if (process.getuid?.() === 0) {
      const nobody = spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).stdout.trim();
      for (const index of [2, 3]) chownSync(path.join(root, `node${index}`, 'data'), Number(nobody), Number(nobody));
    }

    start(1, ['--wsrep-new-cluster']);
    await until(async () => (await statusOn(basePort, 'wsrep_local_state_comment')) === 'Synced', timeoutMs, 'node 1 did not bootstrap', logs, nodes);
    start(2, []);
    start(3, []);
    await until(async () => (await statusOn(basePort, 'wsrep_cluster_size')) === String(NODES), timeoutMs, 'the cluster did not reach 3 nodes', logs, nodes);
    for (const node of nodes) {
      await until(async () => (await statusOn(node.port, 'wsrep_ready')) === 'ON' && (await statusOn(node.port, 'wsrep_local_state_comment')) === 'Synced', timeoutMs, `node ${node.index} did not sync`, logs, nodes);
    }
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    nodes,
    async createDatabase(name) {
      const connection = await connect(basePort);
      try {
        await connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
      } finally {
        await connection.end();
      }
      // DDL replicates in total order, but a node may answer before it applied it: wait until each sees it.
      for (const node of nodes) {
        await until(async () => {
          const connection = await connect(node.port);
          try {
            const [rows] = await connection.query('SHOW DATABASES LIKE ?', [name]);
            return (rows as unknown[]).length === 1;
          } finally {
            await connection.end();
          }
        }, 10_000, `node ${node.index} did not see database ${name}`, logs);
      }
      return nodes.map((node) => `${node.serverUrl}/${name}`);
    },
    status: (node, variable) => statusOn(node.port, variable),
    async conflicts() {
      let total = 0;
      for (const node of nodes) {
        for (const variable of ['wsrep_local_cert_failures', 'wsrep_local_bf_aborts']) total += Number(await statusOn(node.port, variable));
      }
      return total;
    },
    stop,
  };
}
