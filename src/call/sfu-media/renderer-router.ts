/**
 * Renderer registrations by participant and source, bound to whatever engine
 * track carries that source right now. Registrations outlive tracks: made
 * before the media flows, they start when it arrives; when the receive
 * connection is renegotiated or replaced (new m-line, new connection, new
 * engine) they move to the new track.
 * @internal
 * @module
 */

/** A running renderer on one engine track. */
export interface Rendering {
  stop(): Promise<void>;
}

/** What a registration renders and how to start it on a track. */
export interface RendererSpec {
  /** A participant id, or `local`. */
  participantId: string;
  source: string;
  kind: 'audio' | 'video';
  /** Starts rendering `trackId`; `ended` is called if it stops by itself (track gone, engine exit). */
  start(trackId: string, ended: () => void): Promise<Rendering>;
  /** Called once when the registration is removed (replaced, participant gone, client released). */
  removed?(): void;
}

/** An engine track that carries `source` of a participant. */
export interface TrackTarget {
  trackId: string;
  kind: 'audio' | 'video';
}

interface Entry {
  spec: RendererSpec;
  binding: { trackId: string; rendering: Rendering | undefined } | undefined;
  chain: Promise<void>;
  removed: boolean;
}

export const targetKey = (participantId: string, source: string): string => `${participantId}/${source}`;

export class RendererRouter {
  private readonly entries = new Map<string, Entry>();
  private targets = new Map<string, TrackTarget>();

  constructor(private readonly onStartError: (spec: RendererSpec, err: Error) => void) {}

  /** Registers (or replaces) the renderer named `key`. */
  set(key: string, spec: RendererSpec): void {
    this.delete(key);
    const entry: Entry = { spec, binding: undefined, chain: Promise.resolve(), removed: false };
    this.entries.set(key, entry);
    this.reconcile(entry);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Removes a registration and stops its renderer. */
  delete(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (!entry) return Promise.resolve();
    this.entries.delete(key);
    entry.removed = true;
    entry.spec.removed?.();
    return this.reconcile(entry);
  }

  /** Removes every registration of a participant (it left). */
  deleteParticipant(participantId: string): void {
    for (const [key, entry] of this.entries) if (entry.spec.participantId === participantId) void this.delete(key);
  }

  /** The tracks available now, by {@link targetKey}. */
  update(targets: Map<string, TrackTarget>): void {
    this.targets = targets;
    for (const entry of this.entries.values()) this.reconcile(entry);
  }

  /** Stops every renderer and removes every registration. */
  async close(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((key) => this.delete(key)));
  }

  private reconcile(entry: Entry): Promise<void> {
    entry.chain = entry.chain.then(async () => {
      const target = entry.removed
        ? undefined
        : this.targets.get(targetKey(entry.spec.participantId, entry.spec.source));
      const want = target && target.kind === entry.spec.kind ? target.trackId : undefined;
      if (entry.binding && entry.binding.trackId === want && entry.binding.rendering) return;
      const old = entry.binding;
      entry.binding = undefined;
      await old?.rendering?.stop().catch(() => undefined);
      if (!want) return;
      const binding: NonNullable<Entry['binding']> = { trackId: want, rendering: undefined };
      entry.binding = binding;
      try {
        binding.rendering = await entry.spec.start(want, () => {
          if (entry.binding === binding) entry.binding = undefined;
        });
      } catch (err) {
        if (entry.binding === binding) entry.binding = undefined;
        this.onStartError(entry.spec, err as Error);
      }
    });
    return entry.chain;
  }
}
