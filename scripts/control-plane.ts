import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ControlPlaneFailure } from './control-plane/failure.ts';
import { controlPlaneStatus, startControlPlane, stopControlPlane } from './control-plane/lifecycle.ts';
import { readPins } from './control-plane/pins.ts';
import { stateFile } from './control-plane/state.ts';

const usage = `Usage: npm run control-plane -- <command> [options]

A real etcd and kube-apiserver on this machine's loopback address, for integration tests and
fidelity measurement. Built from the Go modules pinned in test/control-plane/go.mod (needs Go the
first time; the binaries are kept in .cache/control-plane/<version>/).

Commands:
  start        build if needed, start both, wait until ready, print the kubeconfig (idempotent)
  stop         stop what start started and delete its data directory
  status       say whether it runs (exit 0 running, 3 not running, 1 broken)
  kubeconfig   print the kubeconfig of the running control plane

Options:
      --timeout SECONDS   how long start waits for /readyz (default: 180)
  -h, --help              show this help`;

function print(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        timeout: { type: 'string', default: '180' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`control-plane: ${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    print(usage);
    return 0;
  }
  const timeoutSeconds = Number(values.timeout);
  if (positionals.length !== 1 || !Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    process.stderr.write(`control-plane: ${positionals.length !== 1 ? 'name exactly one command' : '--timeout takes a positive number of seconds'}\n${usage}\n`);
    return 2;
  }

  switch (positionals[0]) {
    case 'start': {
      const { state, started, buildMs } = await startControlPlane({ readyTimeoutMs: timeoutSeconds * 1000 });
      process.stderr.write(
        started
          ? `Ready in ${(state.startupMs / 1000).toFixed(1)} s${buildMs === undefined ? '' : ` (after a ${(buildMs / 1000).toFixed(0)} s build)`}: ${state.server}\n`
          : `Already running: ${state.server}\n`,
      );
      process.stderr.write(`Kubeconfig: ${state.kubeconfig} (contexts control-plane-admin and control-plane-viewer; state in ${stateFile})\n`);
      print(readFileSync(state.kubeconfig, 'utf8'));
      return 0;
    }
    case 'stop': {
      process.stderr.write((await stopControlPlane()) ? 'Stopped; its data directory is removed.\n' : 'Not running: nothing to stop.\n');
      return 0;
    }
    case 'status': {
      const status = await controlPlaneStatus();
      if (status.kind === 'stopped') {
        print(`not running (kube-apiserver ${readPins().kubernetes} would be started by: npm run control-plane -- start)`);
        return 3;
      }
      const { state } = status;
      if (status.kind === 'broken') {
        print(`broken: ${status.reason}; \`npm run control-plane -- stop\` cleans it up (logs in ${state.dataDir})`);
        return 1;
      }
      print(
        [
          `running: kube-apiserver ${state.kubernetesVersion} at ${state.server} (pid ${state.kubeApiserver.pid}), ` +
            `etcd ${state.etcdVersion} at http://127.0.0.1:${state.etcd.clientPort} (pid ${state.etcd.pid})`,
          `kubeconfig: ${state.kubeconfig}`,
          `data and logs: ${state.dataDir}`,
          `started: ${state.startedAt}, ready after ${(state.startupMs / 1000).toFixed(1)} s`,
        ].join('\n'),
      );
      return 0;
    }
    case 'kubeconfig': {
      const status = await controlPlaneStatus();
      if (status.kind !== 'running') {
        process.stderr.write('control-plane: not running; start it with `npm run control-plane -- start`\n');
        return 1;
      }
      print(readFileSync(status.state.kubeconfig, 'utf8'));
      return 0;
    }
    default:
      process.stderr.write(`control-plane: unknown command "${positionals[0]}"\n${usage}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ControlPlaneFailure) {
      process.stderr.write(`control-plane: ${error.message}\n`);
      process.exitCode = error.exitCode;
    } else {
      process.stderr.write(`control-plane: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    }
  },
);
