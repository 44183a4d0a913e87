/**
 * Context switches of the bots over a bench window, split as their CPU is:
 * the worker's JS thread, its other threads (wrtc's whole libwebrtc), our
 * engine process. Switches count wake-ups, which cost more than the work of
 * a 10 ms audio frame here, and the count hardly depends on the load.
 */
import { contextSwitches, mainAndOtherSwitches } from './thread-counters';

export interface SwitchSample {
  nodeMain: number;
  nodeOthers: number;
  /** Our media engine process (0 for wrtc). */
  engine: number;
}

export function sampleSwitches(worker: number, engine: number | undefined): SwitchSample {
  const { main, others } = mainAndOtherSwitches(worker);
  return { nodeMain: main, nodeOthers: others, engine: engine ? contextSwitches(engine) : 0 };
}

/** Switches per second between two samples over `seconds`. */
export function switchesPerSecond(a: SwitchSample, b: SwitchSample, seconds: number): SwitchSample {
  return {
    nodeMain: (b.nodeMain - a.nodeMain) / seconds,
    nodeOthers: (b.nodeOthers - a.nodeOthers) / seconds,
    engine: (b.engine - a.engine) / seconds,
  };
}
