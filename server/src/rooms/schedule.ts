/** setTimeout for far-away unix times (setTimeout overflows past ~24.8 days). */
const MAX_DELAY_MS = 2 ** 30;

/** Calls `fn` at unix second `at` (at once if past). Returns a cancel function. */
export function scheduleAt(at: number, fn: () => void): () => void {
  let timer: NodeJS.Timeout;
  const arm = (): void => {
    const delay = at * 1000 - Date.now();
    if (delay <= 0) {
      fn();
      return;
    }
    timer = setTimeout(arm, Math.min(delay, MAX_DELAY_MS));
    timer.unref();
  };
  arm();
  return () => clearTimeout(timer);
}
