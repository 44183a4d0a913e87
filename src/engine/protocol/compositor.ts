/**
 * compositor.*: a picture canvas and an audio mix made inside the engine from
 * tracks it already receives, written straight to two pipes (or files) for an
 * encoder, so no picture or sample crosses the engine channel.
 * @internal
 * @module
 */

type Empty = Record<string, never>;

/** One tile of a layout: where a video track is drawn on the canvas (pixels, aspect kept). */
export interface CompositorTile {
  /** Registry id of a video track (`remote:<pcId>:<mid>`). */
  trackId: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Figures counted inside the engine since the compositor was created. */
export interface CompositorStats {
  /** Pictures written to the picture pipe. */
  picturesWritten: number;
  /** Pictures left out because the encoder lagged (the queue was full). */
  picturesLeftOut: number;
  /** Most pictures waiting for the pipe at once. */
  picturesQueuedMax: number;
  /** Seconds of sound written to the sound pipe (never left out). */
  audioSecondsWritten: number;
  /** Bytes of sound waiting for the pipe now. */
  audioQueuedBytes: number;
  /** Tiles whose track exists and has delivered a picture (drawn from now on). */
  tilesAttached: number;
  /** Set once a pipe failed (the reader went away); writing stops. */
  error: string | null;
}

export interface CompositorMethods {
  /**
   * Starts a compositor. `videoPath` receives a Matroska stream of raw I420
   * pictures stamped in µs by the wall clock (one per 1/fps; none when null:
   * audio only); `audioPath` receives s16le 48 kHz mono, 10 ms blocks from the
   * engine's playout clock. Both are opened for writing on the compositor's
   * own threads (a FIFO waits for its reader there, not in the channel).
   */
  'compositor.create': {
    params: {
      compositorId: string;
      width: number;
      height: number;
      fps: number;
      /** `#rrggbb` or `#aarrggbb` (alpha ignored). */
      backgroundColor: string;
      /**
       * Added to every picture's stamp: the receiver's sound path is longer
       * than its picture path, so pictures go this much later to meet it.
       */
      pictureDelayMs: number;
      videoPath: string | null;
      audioPath: string;
      tiles: CompositorTile[];
      /** Registry ids of the audio tracks mixed (skipped until they exist). */
      audioInputs: string[];
    };
    result: Empty;
  };
  /** Replaces the tiles and the mixed audio tracks from the next picture on. */
  'compositor.setLayout': {
    params: { compositorId: string; tiles: CompositorTile[]; audioInputs: string[] };
    result: Empty;
  };
  'compositor.stats': { params: { compositorId: string }; result: CompositorStats };
  /** Stops drawing and mixing, writes what is queued and closes both pipes. */
  'compositor.release': { params: { compositorId: string }; result: Empty };
}
