import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, freePort, tempDir } from './support';

/**
 * `npm start` as a user runs it: a separate process running src/index.ts through tsx, its own ports, a fresh data
 * dir, no .env (the working directory is a temp dir). Measures how long until /healthz answers, then stops it with
 * SIGTERM. The process is `node --import tsx`, not the `tsx` command: the command runs the app in a second process
 * and, on SIGTERM, gives it 30 ms to acknowledge before killing it (exit 143), which a loaded machine can miss —
 * the exit code would then be tsx's luck, not the app's shutdown.
 */
jest.setTimeout(60_000);

const ROOT = join(__dirname, '..', '..', '..');
const ENTRY = join(ROOT, 'src', 'index.ts');

interface Started {
  child: ChildProcess;
  output: () => { stdout: string; stderr: string };
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(env: Record<string, string>, cwd: string): Started {
  const child = spawn(process.execPath, ['--import', require.resolve('tsx'), ENTRY], {
    cwd,
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => ({ stdout, stderr }), exited };
}

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms)),
  );
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function waitForHealth(url: string, started: Started, deadlineMs: number): Promise<number> {
  const begin = Date.now();
  while (Date.now() - begin < deadlineMs) {
    if (started.child.exitCode !== null) throw new Error(`exited early: ${started.output().stderr}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200) return Date.now() - begin;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`/healthz did not answer in ${deadlineMs} ms: ${JSON.stringify(started.output())}`);
}

describe('npm start (tsx src/index.ts) in a child process', () => {
  const dirs: Array<ReturnType<typeof tempDir>> = [];
  const children: ChildProcess[] = [];

  afterAll(() => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const dir of dirs) dir.remove();
  });

  it('answers /healthz, prints how to chat, and stops cleanly on SIGTERM', async () => {
    const dir = tempDir('pl-bot-child-');
    dirs.push(dir);
    const [port, armPort] = [await freePort(), await freePort()];
    const started = start(
      {
        PORT: String(port),
        SANDBOX_ARM_PORT: String(armPort),
        DATA_DIR: join(dir.path, 'data'),
        LOG_LEVEL: 'warn',
      },
      dir.path,
    );
    children.push(started.child);

    const ms = await waitForHealth(`http://127.0.0.1:${port}/healthz`, started, 30_000);
    console.log(`start-up until /healthz answered: ${ms} ms`);
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(await res.json()).toEqual({
      status: 'ok',
      mode: 'sandbox',
      role: 'leader',
      store: { kind: 'sqlite', reachable: true },
    });

    const { stdout } = started.output();
    expect(stdout).toContain(`http://127.0.0.1:${port}/api/messages`);
    expect(stdout).toContain(`https://127.0.0.1:${armPort}`);
    expect(stdout).toContain('npm run playground');

    started.child.kill('SIGTERM');
    const exit = await within(started.exited, 15_000, 'SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(started.output().stderr).toBe('');
  });

  it('refuses to start on a bad setting: exit 1, the variable named, no stack trace', async () => {
    const dir = tempDir('pl-bot-child-');
    dirs.push(dir);
    const started = start({ PORT: '70000', DATA_DIR: join(dir.path, 'data') }, dir.path);
    children.push(started.child);
    const exit = await within(started.exited, 30_000, 'bad config');
    expect(exit.code).toBe(1);
    const { stderr } = started.output();
    expect(stderr).toContain('PORT');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    ['empty', '', 'is empty (0 bytes)'],
    ['corrupt', 'SQLite format 3\u0000'.padEnd(8192, '\u00a5'), 'is damaged or not a SQLite database'],
  ])(
    'refuses to start on an %s bot.sqlite: exit 1, the file and what to do named, no stack, file kept',
    async (_what, content, problem) => {
      const dir = tempDir('pl-bot-child-');
      dirs.push(dir);
      const data = join(dir.path, 'data');
      mkdirSync(data);
      const file = join(data, 'bot.sqlite');
      writeFileSync(file, content, 'latin1');
      const [port, armPort] = [await freePort(), await freePort()];
      const env = { PORT: String(port), SANDBOX_ARM_PORT: String(armPort), DATA_DIR: data };
      const started = start(env, dir.path);
      children.push(started.child);
      const exit = await within(started.exited, 30_000, 'unusable store');
      expect(exit.code).toBe(1);
      const { stderr } = started.output();
      expect(stderr).toContain(`Refusing to start: the bot's database ${file} ${problem}`);
      expect(stderr).toContain('Restore the file from a backup');
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(readFileSync(file, 'latin1')).toBe(content);
    },
  );

  it.each(['PORT', 'SANDBOX_ARM_PORT'])('refuses to start when %s is taken, naming it', async (variable) => {
    const dir = tempDir('pl-bot-child-');
    dirs.push(dir);
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as { port: number }).port;
    try {
      const env = {
        PORT: String(await freePort()),
        SANDBOX_ARM_PORT: String(await freePort()),
        DATA_DIR: join(dir.path, 'data'),
      };
      const started = start({ ...env, [variable]: String(taken) }, dir.path);
      children.push(started.child);
      const exit = await within(started.exited, 30_000, 'port in use');
      expect(exit.code).toBe(1);
      expect(started.output().stderr).toContain(`port ${taken} is already in use`);
      expect(started.output().stderr).toContain(variable);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('refuses to start outside the sandbox with an empty MicrosoftAppId', async () => {
    const dir = tempDir('pl-bot-child-');
    dirs.push(dir);
    const started = start(
      { AZURE_SUBSCRIPTION_IDS: '11111111-1111-1111-1111-111111111111', DATA_DIR: join(dir.path, 'data') },
      dir.path,
    );
    children.push(started.child);
    const exit = await within(started.exited, 30_000, 'empty app id');
    expect(exit.code).toBe(1);
    expect(started.output().stderr).toContain('MicrosoftAppId');
  });
});
