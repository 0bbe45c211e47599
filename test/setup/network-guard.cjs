/* global require, module, __filename */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: preloaded with node --require */
// The network guard itself, as plain CommonJS so that it can also be preloaded
// (`node --require`) into every child process and worker thread a test starts:
// any attempt to open a connection to a host other than this machine fails
// with LAUREL_TEST_NETWORK_BLOCKED, so a test can never pass by reaching the
// network (and a forgotten fetch shows up as a failure, not a slow test).
'use strict';
const net = require('node:net');
const nodeModule = require('node:module');
const workerThreads = require('node:worker_threads');

const NETWORK_BLOCKED = 'LAUREL_TEST_NETWORK_BLOCKED';
const INSTALLED = Symbol.for('laurel.test.networkGuard');
const PRELOAD = ['--require', __filename];

const loopbackHosts = new Set(['localhost', '::1', '0:0:0:0:0:0:0:1']);

function isLocal(host) {
  if (host === undefined) return true; // path (unix socket) connections stay on this machine
  const bare = host.replace(/^\[|\]$/g, '');
  return loopbackHosts.has(bare) || /^127\.\d+\.\d+\.\d+$/.test(bare) || /^::ffff:127\./.test(bare);
}

function targetHost(args) {
  const [first, second] = args;
  if (typeof first === 'object' && first !== null && !Array.isArray(first)) {
    if (first.path) return undefined;
    return first.host ?? 'localhost';
  }
  if (typeof first === 'string' && Number.isNaN(Number(first))) return undefined; // unix socket path
  return typeof second === 'string' ? second : 'localhost';
}

/** Appends the preload to NODE_OPTIONS so child processes (spawn, fork, exec) load the guard first. */
function withPreload(nodeOptions) {
  const option = `--require=${JSON.stringify(__filename)}`;
  return nodeOptions && nodeOptions.includes(option) ? nodeOptions : `${nodeOptions ? `${nodeOptions} ` : ''}${option}`;
}

function install() {
  if (globalThis[INSTALLED]) return;
  globalThis[INSTALLED] = true;

  const originalConnect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function blockedConnect(...args) {
    // net.connect() passes a normalised [options, callback] pair; other call forms are rare.
    const normalised = Array.isArray(args[0]) ? args[0] : args;
    const host = targetHost(normalised);
    if (!isLocal(host)) {
      const error = Object.assign(new Error(`${NETWORK_BLOCKED}: tests may not connect to ${host}`), { code: NETWORK_BLOCKED });
      process.nextTick(() => this.destroy(error));
      return this;
    }
    return originalConnect.apply(this, args);
  };

  // Children inherit the environment unless a test replaces it, and Node applies NODE_OPTIONS to them.
  process.env.NODE_OPTIONS = withPreload(process.env.NODE_OPTIONS);

  // A worker thread has its own copy of `net`: preload the guard there too.
  const OriginalWorker = workerThreads.Worker;
  class GuardedWorker extends OriginalWorker {
    constructor(filename, options = {}) {
      super(filename, { ...options, execArgv: [...(options.execArgv ?? process.execArgv), ...PRELOAD] });
    }
  }
  workerThreads.Worker = GuardedWorker;
  // So that `import { Worker } from 'node:worker_threads'` sees the guarded class as well.
  nodeModule.syncBuiltinESMExports();
}

install();

module.exports = { NETWORK_BLOCKED, withPreload };
