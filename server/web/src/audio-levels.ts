/**
 * Audio level meters: an AnalyserNode per participant's microphone, read ten
 * times a second into that participant's tile meter.
 */

interface Probe {
  track: MediaStreamTrack;
  source: MediaStreamAudioSourceNode;
  analyser: AnalyserNode;
  samples: Float32Array<ArrayBuffer>;
}

export class AudioLevels {
  private context: AudioContext | undefined;
  private readonly probes = new Map<string, Probe>();
  private timer: number | undefined;

  constructor(private readonly meterOf: (participantId: string) => HTMLMeterElement | undefined) {}

  /** Measures exactly these microphones (participant id → track). */
  update(microphones: Map<string, MediaStreamTrack>): void {
    for (const [id, probe] of this.probes) {
      if (microphones.get(id) === probe.track) continue;
      probe.source.disconnect();
      this.probes.delete(id);
    }
    for (const [id, track] of microphones) {
      if (this.probes.has(id)) continue;
      const context = (this.context ??= new AudioContext());
      const source = context.createMediaStreamSource(new MediaStream([track]));
      const analyser = context.createAnalyser();
      analyser.fftSize = 1024;
      source.connect(analyser);
      this.probes.set(id, { track, source, analyser, samples: new Float32Array(analyser.fftSize) });
    }
    this.timer ??= window.setInterval(() => this.measure(), 100);
  }

  /** Stops measuring and closes the audio context. */
  stop(): void {
    window.clearInterval(this.timer);
    this.timer = undefined;
    for (const probe of this.probes.values()) probe.source.disconnect();
    this.probes.clear();
    void this.context?.close();
    this.context = undefined;
  }

  private measure(): void {
    if (this.context?.state === 'suspended') void this.context.resume();
    for (const [id, probe] of this.probes) {
      probe.analyser.getFloatTimeDomainData(probe.samples);
      let sum = 0;
      for (const s of probe.samples) sum += s * s;
      const rms = Math.sqrt(sum / probe.samples.length);
      // Speech RMS is 0.01 to 0.4; a square root spreads that over the meter.
      const meter = this.meterOf(id);
      if (meter) meter.value = probe.track.enabled ? Math.min(1, Math.sqrt(rms * 2)) : 0;
    }
  }
}
