/**
 * Shared by the microphone and custom sources: turns an engine write into
 * daily-python's two forms (a completion callback, or a promise).
 * @internal
 * @module
 */
import type { SourceWrite } from './engine-audio-source';

/**
 * Called when written audio has been consumed, with the number of frames that
 * were played (fewer than written if `clear()` dropped some). `error` is set
 * when the write failed (e.g. the media engine exited).
 */
export type WriteCompletion = (numFrames: number, error?: Error) => void;

/** Calls `completion` when the write settles; a throwing callback is reported, not rethrown. */
export function completeWith(write: SourceWrite, completion: WriteCompletion): void {
  write.played.then(
    (r) => invoke(completion, r.playedFrames),
    (err: Error) => invoke(completion, 0, err),
  );
}

function invoke(completion: WriteCompletion, frames: number, error?: Error): void {
  try {
    if (error) completion(frames, error);
    else completion(frames);
  } catch (err) {
    process.emitWarning(`daily-node: an audio write completion threw: ${(err as Error).message}`);
  }
}
