/**
 * Remote audio playback: one `<audio autoplay>` per remote audio track
 * (microphone, screenAudio, custom tracks), each holding that one track,
 * labelled with `data-participant-id` and `data-track` (the DOM contract).
 */
import { el } from './dom';
import type { RemoteTrack } from './subscriber';

export class RemoteAudio {
  readonly element = el('div', { class: 'remote-audio', hidden: true });
  private readonly playing = new Map<string, HTMLAudioElement>();

  update(tracks: RemoteTrack[]): void {
    const wanted = new Map(
      tracks.filter((t) => t.kind === 'audio').map((t) => [`${t.participantId}|${t.name}|${t.track.id}`, t]),
    );
    for (const [key, audio] of this.playing) {
      if (wanted.has(key)) continue;
      audio.srcObject = null;
      audio.remove();
      this.playing.delete(key);
    }
    for (const [key, t] of wanted) {
      if (this.playing.has(key)) continue;
      const audio = el('audio', { autoplay: true, 'data-participant-id': t.participantId, 'data-track': t.name });
      audio.srcObject = new MediaStream([t.track]);
      this.element.append(audio);
      this.playing.set(key, audio);
      // Autoplay may be refused before any click; the Join click usually counts as one.
      void audio.play().catch(() => undefined);
    }
  }
}
