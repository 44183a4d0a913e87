/**
 * What a CallClient knows about its call: the values behind the getters
 * (daily-python caches them in the binding), the participants, and the local
 * participant's permissions. Getters return copies.
 * @internal
 * @module
 */
import { defaultPermissions, type ParticipantMediaInfo } from '../../signaling/participant';
import type { RoomInfo } from '../../signaling/messages';
import { emptyNetworkStats } from '../sfu-media/network-stats';
import { customInputTracks, defaultInputs } from '../settings/inputs';
import type { LocalTrack } from '../../media/local-track-registry';
import { defaultPublishing } from '../settings/publishing';
import { defaultProfiles } from '../settings/subscriptions';
import type {
  CallParticipants,
  CallState,
  InputSettings,
  NetworkStats,
  Participant,
  ParticipantCounts,
  ParticipantSubscriptions,
  PublishingSettings,
  SubscriptionProfileSettings,
} from '../types/types';

export class CallCache {
  callState: CallState = 'initialized';
  private currentInputs: InputSettings = defaultInputs();
  /**
   * The custom tracks the inputs name (`customTrack: { id }`). Inputs keep only
   * ids; holding the tracks here keeps one that its user dropped from being
   * garbage-collected, and so released, while the call sends it.
   */
  inputTracks: readonly LocalTrack[] = [];
  publishing: PublishingSettings = defaultPublishing();
  subscriptions: ParticipantSubscriptions = {};
  profiles: SubscriptionProfileSettings = defaultProfiles();
  counts: ParticipantCounts = { present: 0, hidden: 0 };
  activeSpeaker: Participant | null = null;
  networkStats: NetworkStats = emptyNetworkStats();
  /** The local participant's name as set before or during the call. */
  userName: string | undefined;
  room: RoomInfo | undefined;
  meetingSessionId: string | undefined;
  private local: Participant | undefined;
  private readonly remote = new Map<string, Participant>();

  get inputs(): InputSettings {
    return this.currentInputs;
  }

  set inputs(inputs: InputSettings) {
    this.currentInputs = inputs;
    this.inputTracks = customInputTracks(inputs);
  }

  /** The local participant id once joined. */
  get localId(): string | undefined {
    return this.local?.id;
  }

  get localParticipant(): Participant | undefined {
    return this.local;
  }

  /** Replaces every participant (join, resume, rejoin). */
  resetParticipants(participants: CallParticipants): void {
    this.remote.clear();
    for (const [key, p] of Object.entries(participants)) {
      if (key === 'local' || p.info.isLocal) this.local = p;
      else this.remote.set(p.id, p);
    }
  }

  /** Stores a joined or updated participant; returns the previous version. */
  putParticipant(p: Participant): Participant | undefined {
    if (p.info.isLocal) {
      const old = this.local;
      this.local = p;
      return old;
    }
    const old = this.remote.get(p.id);
    this.remote.set(p.id, p);
    return old;
  }

  removeParticipant(id: string): void {
    this.remote.delete(id);
  }

  participant(id: string): Participant | undefined {
    return this.local?.id === id ? this.local : this.remote.get(id);
  }

  remoteParticipants(): Participant[] {
    return [...this.remote.values()];
  }

  hasRemote(id: string): boolean {
    return this.remote.has(id);
  }

  /** Forgets the call (left). */
  clearCall(): void {
    this.remote.clear();
    this.local = undefined;
    this.counts = { present: 0, hidden: 0 };
    this.activeSpeaker = null;
    this.room = undefined;
    this.meetingSessionId = undefined;
    this.networkStats = emptyNetworkStats();
  }

  /** daily-python `participants()`: a copy, the local participant under `local`. */
  participants(): CallParticipants {
    const out: Record<string, Participant> = { local: structuredClone(this.local ?? this.provisionalLocal()) };
    for (const [id, p] of this.remote) out[id] = structuredClone(p);
    return out as CallParticipants;
  }

  /** What the local participant looks like before joining (no id yet). */
  private provisionalLocal(): Participant {
    const off = (): ParticipantMediaInfo => ({ state: 'off', offReasons: ['user'], subscribed: 'unsubscribed' });
    return {
      id: '',
      info: {
        userName: this.userName ?? '',
        userId: '',
        isLocal: true,
        isOwner: false,
        joinedAt: '',
        permissions: defaultPermissions(),
      },
      media: {
        microphone: off(),
        camera: off(),
        screenVideo: off(),
        screenAudio: off(),
        customAudio: {},
        customVideo: {},
      },
    };
  }
}
