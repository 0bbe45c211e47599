/**
 * A throwaway 3-node MariaDB Galera cluster on local ports, for tests and
 * benches of multi-primary issuance. Each node is a `mariadbd` child process
 * with its own temp data folder; the first bootstraps the cluster
 * (--wsrep-new-cluster), the others join it by rsync state transfer (SST).
 * Nothing here touches the shared server on 3306.
 *
 * Ports: twelve in a row from `basePort` (default 23061) — client, group
 * communication (gcomm), incremental state transfer (IST) and rsync SST, one
 * of each per node. They sit below Linux's ephemeral range (32768+), where
 * every outgoing connection and every `listen(0)` of the other test files
 * running alongside takes its port: a node once lost its client port to one
 * of them mid-start. The first block of twelve that is free at start is used.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
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

/** Ports one cluster uses from `base`: node i (1-based) has client, gcomm, IST and SST ports. */
function clusterPorts(base: number) {
  return {
    client: (i: number) => base + i - 1,
    gcomm: (i: number) => base + NODES + i - 1,
    ist: (i: number) => base + 2 * NODES + i - 1,
    sst: (i: number) => base + 3 * NODES + i - 1,
    all: Array.from({ length: 4 * NODES }, (_, k) => base + k),
  };
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The first base from `from`, in steps of a block, whose twelve ports are all free now. */
async function freeBasePort(from: number): Promise<number> {
  const block = 4 * NODES;
  for (let base = from; base + block <= 32_768; base += block) {
    const free = await Promise.all(clusterPorts(base).all.map(portFree));
    if (free.every(Boolean)) return base;
  }
  throw new Error(`Galera: no block of ${block} free ports from ${from} below 32768`);
}

function config(dir: string, index: number, basePort: number): string {
  const ports = clusterPorts(basePort);
  const running = process.getuid?.() === 0;
  return `[mysqld]
${running ? 'user=root' : ''}
datadir=${dir}/data
socket=${dir}/mysqld.sock
pid-file=${dir}/mysqld.pid
port=${ports.client(index)}
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
wsrep_cluster_address=gcomm://${[1, 2, 3].map((i) => `127.0.0.1:${ports.gcomm(i)}`).join(',')}
wsrep_node_address=127.0.0.1:${ports.gcomm(index)}
wsrep_node_incoming_address=127.0.0.1:${ports.client(index)}
wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:${ports.gcomm(index)};ist.recv_addr=127.0.0.1:${ports.ist(index)};gcache.size=32M"
wsrep_sst_method=rsync
wsrep_sst_receive_address=127.0.0.1:${ports.sst(index)}
`;
}

export interface StartGaleraOptions {
  /** Where to look for twelve free ports in a row (default 23061); node 1's client port is the first. */
  basePort?: number;
  timeoutMs?: number;
}

/** Starts three nodes and resolves once `wsrep_cluster_size` is 3 and every node is synced and answers. */
export async function startGaleraCluster(options: StartGaleraOptions = {}): Promise<GaleraCluster> {
  const problem = galeraProblem();
  if (problem !== undefined) throw new Error(`Galera cannot run here: ${problem}`);
  const basePort = await freeBasePort(options.basePort ?? 23061);
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
    const port = clusterPorts(basePort).client(index);
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
    // One joiner at a time: node 1 donates one state transfer while the other waits, which on a busy
    // two-core machine keeps group communication from timing out mid-transfer.
    for (let index = 2; index <= NODES; index += 1) {
      start(index, []);
      const node = nodes[index - 1]!;
      await until(async () => (await statusOn(node.port, 'wsrep_ready')) === 'ON' && (await statusOn(node.port, 'wsrep_local_state_comment')) === 'Synced', timeoutMs, `node ${index} did not join and sync`, logs, nodes);
    }
    await until(async () => (await statusOn(basePort, 'wsrep_cluster_size')) === String(NODES), timeoutMs, 'the cluster did not reach 3 nodes', logs, nodes);
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
