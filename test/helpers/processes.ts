import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * Child processes of the tests (the bot as `npm start` runs it, the Agents Playground), each in its own process
 * group, so stopping or killing it also stops what it started (tsx's node, esbuild).
 */
export class Child {
  private output = '';
  private readonly waiters: Array<() => void> = [];
  readonly exited: Promise<void>;
  exitCode: number | null | undefined;

  constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    const collect = (chunk: Buffer) => {
      this.output += chunk.toString('utf8');
      for (const wake of this.waiters.splice(0)) wake();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    // Last resort if the test process itself is ended before afterAll: take the group down with it.
    const orphanGuard = () => {
      if (child.pid !== undefined) signal(-child.pid, 'SIGKILL');
    };
    process.once('exit', orphanGuard);
    this.exited = new Promise((done) =>
      child.once('exit', (code) => {
        this.exitCode = code;
        process.off('exit', orphanGuard);
        for (const wake of this.waiters.splice(0)) wake();
        done();
      }),
    );
  }

  get log(): string {
    return this.output;
  }

  /** Waits until `find` recognises something in the output so far. */
  async waitFor<T>(what: string, timeoutMs: number, find: (output: string) => T | undefined): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find(this.output);
      if (found !== undefined) return found;
      if (this.exitCode !== undefined)
        throw new Error(`${this.name} exited (${this.exitCode}) before ${what}:\n${this.tail()}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.name}: no ${what} within ${timeoutMs} ms:\n${this.tail()}`);
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, Math.min(left, 500));
        this.waiters.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }
  }

  tail(lines = 30): string {
    return this.output.trimEnd().split('\n').slice(-lines).join('\n');
  }

  /** A crash: SIGKILL to the whole group, no goodbye; resolves once the process is gone. */
  async kill(): Promise<void> {
    if (this.exitCode !== undefined || this.child.pid === undefined) return;
    signal(-this.child.pid, 'SIGKILL');
    await this.exited;
  }

  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves once the process is gone. */
  async stop(graceMs = 5_000): Promise<void> {
    if (this.exitCode !== undefined || this.child.pid === undefined) return;
    const group = -this.child.pid;
    signal(group, 'SIGTERM');
    const killer = setTimeout(() => signal(group, 'SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(killer);
    // Anything the leader left behind in its group (tsx's esbuild service) goes too.
    signal(group, 'SIGKILL');
  }
}

function signal(group: number, name: NodeJS.Signals): void {
  try {
    process.kill(group, name);
  } catch {
    // ESRCH: already gone.
  }
}

/** A node script as the leader of a new process group. */
export function startNode(name: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Child {
  const child = spawn(process.execPath, args, {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Child(name, child);
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}
