import fs from 'node:fs';
import path from 'node:path';

/**
 * One app per DATA_DIR. The app that owns the embedded PostgreSQL keeps DATA_DIR/xiaoguan.lock
 * holding its pid and that process's start time (so a pid reused after a reboot is not taken for
 * the owner). A second start on the same DATA_DIR finds a live owner and stops with one sentence,
 * leaving the running instance (and its postmaster) alone; a lock whose owner is gone — the app was
 * killed — is taken over, and only then is a postmaster left behind treated as an orphan.
 */
export const LOCK_FILE = 'xiaoguan.lock';

/** Linux: the process's start time in clock ticks since boot (field 22 of /proc/<pid>/stat); '' elsewhere. */
export function processStartTime(pid: number): string {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid of the live process that holds the lock, or null when there is none (or it is gone). */
export function lockOwner(dataDir: string): number | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8');
  } catch {
    return null;
  }
  const [pidText, started = ''] = text.trim().split(/\s+/);
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return null;
  if (started && processStartTime(pid) && processStartTime(pid) !== started) return null;
  return pid;
}

export class DataDirInUse extends Error {}

/**
 * Takes DATA_DIR for this process (released when it exits); throws DataDirInUse with the sentence
 * to show when another live process holds it.
 */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const token = `${process.pid} ${processStartTime(process.pid)}\n`;
  const temp = `${file}.${process.pid}`;
  fs.writeFileSync(temp, token);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        // link() is atomic and fails when the lock exists: of two starts at once, one wins.
        fs.linkSync(temp, file);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 3) throw error;
        const owner = lockOwner(dataDir);
        if (owner !== null && owner !== process.pid) {
          throw new DataDirInUse(
            `Xiaoguan is already running on DATA_DIR ${dataDir} (process ${owner}): stop it first, or start this one with its own DATA_DIR.`,
          );
        }
        // The owner is gone (killed): its lock is stale.
        fs.rmSync(file, { force: true });
      }
    }
  } finally {
    fs.rmSync(temp, { force: true });
  }
  const release = () => {
    try {
      if (fs.readFileSync(file, 'utf8') === token) fs.rmSync(file, { force: true });
    } catch {
      // already gone
    }
  };
  process.once('exit', release);
  return release;
}
