/** Ctrl-C (SIGINT) and SIGTERM handling shared by the examples that run until stopped. */

/**
 * Runs `stop` on the first SIGINT or SIGTERM so that the example can leave
 * the call and release its client cleanly. A second signal is not caught: it
 * ends the process at once, as usual.
 */
export function onStopSignal(stop: () => void): void {
  const handler = (): void => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
    stop();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
