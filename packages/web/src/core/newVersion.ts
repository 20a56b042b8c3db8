/**
 * An open tab after a deploy asks for code chunks the server no longer has (their names carry the
 * old content hash; the server answers 404). Such a failure means "a new version is out", not "the
 * page crashed": the app reloads once to pick up the new index.html. A second failure soon after the
 * reload is a real outage and shows the error page instead of looping.
 */
const RELOADED_AT_KEY = 'xg.newVersionReloadAt';
/** A reload within this window that failed again is not retried. */
const RETRY_WINDOW_MS = 30_000;

const CHUNK_FAILURE_PATTERNS = [
  /Failed to fetch dynamically imported module/i, // Chromium
  /error loading dynamically imported module/i, // Firefox
  /Importing a module script failed/i, // Safari
  /Unable to preload CSS/i, // Vite's CSS preload
  /Loading chunk [\w-]+ failed/i,
];

export function isChunkLoadError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return CHUNK_FAILURE_PATTERNS.some((pattern) => pattern.test(error.message));
}

/**
 * Reloads the page for a new version unless that was just tried. Returns whether a reload was
 * started (the caller shows "loading the new version") or not (the caller shows the error).
 */
export function reloadForNewVersion(now: number = Date.now()): boolean {
  let last = 0;
  try {
    last = Number(window.sessionStorage.getItem(RELOADED_AT_KEY) ?? 0);
    if (now - last < RETRY_WINDOW_MS) return false;
    window.sessionStorage.setItem(RELOADED_AT_KEY, String(now));
  } catch {
    // Storage blocked: reload anyway; a loop is bounded by the browser's own error on the next failure.
  }
  window.location.reload();
  return true;
}

/** Vite's own signal that a preloaded dependency of a chunk failed (same cause: a deploy). */
export function listenForPreloadErrors(): void {
  window.addEventListener('vite:preloadError', (event) => {
    if (reloadForNewVersion()) event.preventDefault();
  });
}
