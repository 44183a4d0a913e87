/**
 * The live streams of one room, keyed by streamId: each is a composite of the
 * call (a {@link RecordingService} with no file: its encoder's MPEG-TS goes to
 * one {@link RtmpRelay} per RTMP endpoint). Endpoints can be added and
 * removed while it runs; a failing endpoint is retried with
 * `live-stream-warning` while the others go on; when every endpoint keeps
 * failing the stream ends with `live-stream-error`.
 */
import { randomUUID } from 'node:crypto';
import {
  SignalingProtocolError,
  type LiveStreamStatus,
  type StartLiveStreamParams,
  type StreamingLayout,
} from 'daily-node/protocol';
import type { ParticipantSession } from '../../rooms/participant-session';
import type { StreamingEndpoint } from '../../rooms/room-properties';
import type { RunningService, ServiceHost } from '../service-host';
import { RecordingService } from './recording-service';
import { checkLayoutChange, resolveRecording, type ResolvedRecording } from './recording-settings';
import type { RecordedRoom } from './room-recordings';
import { RtmpRelay } from './rtmp-relay';
import { checkNewInstance, pickInstance, requireStreamingAdmin } from './stream-instances';

/** Failures in a row of every endpoint after which the live stream gives up. */
const GIVE_UP_AFTER_FAILURES = 3;

/** The room as its live streams see it. */
export interface StreamedRoom extends Omit<RecordedRoom, 'enableRecording'> {
  readonly streamingEndpoints: StreamingEndpoint[] | undefined;
}

interface LiveStream {
  status: LiveStreamStatus;
  resolved: ResolvedRecording;
  service: RecordingService;
  participant: RunningService | undefined;
  relays: Map<string, RtmpRelay>;
  /** Armed once the streamer runs: a slow start must not eat into the stream's time. */
  maxDuration: NodeJS.Timeout | undefined;
  ending: boolean;
  /** An end (maxDuration, the room emptying, a stop) came while the streamer was starting. */
  endRequested: boolean;
}

export class RoomLiveStreams {
  private readonly running = new Map<string, LiveStream>();

  constructor(
    private readonly room: StreamedRoom,
    private readonly host: ServiceHost,
  ) {}

  get statuses(): LiveStreamStatus[] {
    return [...this.running.values()].filter((r) => r.participant).map((r) => structuredClone(r.status));
  }

  /** A running live stream's service (tests reach its encoder). */
  service(streamId: string): RecordingService | undefined {
    return this.running.get(streamId)?.service;
  }

  /** The RTMP URLs a live stream publishes to (tests). */
  endpoints(streamId: string): string[] {
    return [...(this.running.get(streamId)?.relays.keys() ?? [])];
  }

  async start(caller: ParticipantSession, req: StartLiveStreamParams): Promise<LiveStreamStatus> {
    requireStreamingAdmin(caller, 'startLiveStream');
    if ((req.rtmpUrls === undefined) === (req.endpoints === undefined)) {
      throw new SignalingProtocolError('bad-request', 'give exactly one of rtmpUrls and endpoints', 'params.rtmpUrls');
    }
    const urls = req.rtmpUrls
      ? this.urls(req.rtmpUrls, 'rtmpUrls', false)
      : this.urls(req.endpoints!, 'endpoints', true);
    checkNewInstance(this.running, req.streamId, req.forceNew, 'live stream');
    const resolved = resolveRecording('cloud', req.streamingSettings);
    if (!resolved.video) {
      throw new SignalingProtocolError(
        'bad-request',
        'a live stream needs video',
        'params.streamingSettings.layout.preset',
      );
    }
    const streamId = req.streamId ?? randomUUID();
    const status: LiveStreamStatus = { streamId, startedBy: caller.id, layout: resolved.layout };
    const service: RecordingService = new RecordingService(
      'live-streaming',
      resolved.layout,
      { video: resolved.video, audioBitrateKbps: resolved.audioBitrateKbps, path: null },
      {
        failed: (reason) => void this.fail(streamId, service, reason),
        fallingBehind: (message) => this.room.broadcast('live-stream-warning', { streamId, message }),
      },
    );
    const stream: LiveStream = {
      status,
      resolved,
      service,
      participant: undefined,
      relays: new Map(),
      maxDuration: undefined,
      ending: false,
      endRequested: false,
    };
    this.running.set(streamId, stream);
    try {
      stream.participant = await this.host.start(this.room.name, service);
      stream.maxDuration = setTimeout(() => void this.end(streamId), resolved.maxDurationS * 1000);
    } catch (e) {
      this.running.delete(streamId);
      throw new SignalingProtocolError('internal', `the live stream could not start: ${(e as Error).message}`);
    }
    service.liveOutput!.on('data', (chunk: Buffer) => {
      for (const relay of stream.relays.values()) relay.write(chunk);
    });
    for (const url of urls) this.addRelay(stream, url);
    this.room.log.info({ streamId, endpoints: urls.length }, 'live stream started');
    this.room.broadcast('live-stream-started', { status: structuredClone(status) });
    if (stream.endRequested) void this.end(streamId);
    return structuredClone(status);
  }

  async stop(caller: ParticipantSession, streamId: string | undefined): Promise<void> {
    requireStreamingAdmin(caller, 'stopLiveStream');
    await this.end(this.pick(streamId).status.streamId);
  }

  update(caller: ParticipantSession, layout: StreamingLayout, streamId: string | undefined): void {
    requireStreamingAdmin(caller, 'updateLiveStream');
    const stream = this.pick(streamId);
    checkLayoutChange(stream.resolved, layout);
    stream.status.layout = layout;
    stream.service.setLayout(layout);
  }

  addEndpoints(caller: ParticipantSession, endpoints: string[], streamId: string | undefined): void {
    requireStreamingAdmin(caller, 'addLiveStreamingEndpoints');
    const stream = this.pick(streamId);
    const urls = this.urls(endpoints, 'endpoints', true);
    const dup = urls.find((u) => stream.relays.has(u));
    if (dup)
      throw new SignalingProtocolError(
        'bad-request',
        `the live stream already publishes to ${dup}`,
        'params.endpoints',
      );
    for (const url of urls) this.addRelay(stream, url);
  }

  removeEndpoints(caller: ParticipantSession, endpoints: string[], streamId: string | undefined): void {
    requireStreamingAdmin(caller, 'removeLiveStreamingEndpoints');
    const stream = this.pick(streamId);
    const urls = this.urls(endpoints, 'endpoints', true);
    const missing = urls.find((u) => !stream.relays.has(u));
    if (missing)
      throw new SignalingProtocolError(
        'bad-request',
        `the live stream does not publish to ${missing}`,
        'params.endpoints',
      );
    for (const url of urls) {
      stream.relays.get(url)!.stop();
      stream.relays.delete(url);
    }
  }

  async shutDown(): Promise<void> {
    await Promise.all([...this.running.keys()].map((id) => this.end(id)));
  }

  async serviceLeft(participantId: string): Promise<void> {
    for (const s of this.running.values()) {
      if (s.participant?.call.participantId === participantId)
        await this.fail(s.status.streamId, s.service, 'the streamer left the call');
    }
  }

  /** RTMP URLs from URLs or (when `names` is allowed) the room's endpoint names. */
  private urls(list: string[], field: string, names: boolean): string[] {
    const configured = this.room.streamingEndpoints ?? [];
    return list.map((entry, i) => {
      if (/^rtmps?:\/\//.test(entry)) return entry;
      const named = names ? configured.find((e) => e.name === entry) : undefined;
      if (!named) {
        const why = names
          ? "is neither an rtmp:// URL nor the name of one of the room's streaming_endpoints"
          : 'is not an rtmp:// URL';
        throw new SignalingProtocolError('bad-request', `"${entry}" ${why}`, `params.${field}.${i}`);
      }
      return named.rtmp_config.url;
    });
  }

  private addRelay(stream: LiveStream, url: string): void {
    const streamId = stream.status.streamId;
    const relay = new RtmpRelay(url, {
      connected: () => this.room.broadcast('live-stream-updated', { update: { state: 'connected', streamId } }),
      interrupted: (reason) => {
        if (stream.relays.get(url) !== relay) return;
        this.room.log.warn({ streamId, reason }, 'live stream endpoint failed; retrying');
        this.room.broadcast('live-stream-updated', { update: { state: 'interrupted', streamId } });
        this.room.broadcast('live-stream-warning', { streamId, message: reason });
        const relays = [...stream.relays.values()];
        if (relays.every((r) => r.failuresInARow >= GIVE_UP_AFTER_FAILURES)) {
          void this.fail(streamId, stream.service, `every endpoint failed: ${reason}`);
        }
      },
    });
    stream.relays.set(url, relay);
  }

  private pick(streamId: string | undefined): LiveStream {
    return pickInstance(this.running, streamId, 'live stream');
  }

  private async fail(streamId: string, service: RecordingService, reason: string): Promise<void> {
    const s = this.running.get(streamId);
    if (s?.service !== service || s.ending) return;
    this.room.log.error({ streamId, reason }, 'live stream failed');
    this.room.broadcast('live-stream-error', { streamId, message: reason });
    await this.end(streamId);
  }

  private async end(streamId: string): Promise<void> {
    const s = this.running.get(streamId);
    if (!s || s.ending) return;
    if (!s.participant) {
      s.endRequested = true;
      return;
    }
    s.ending = true;
    clearTimeout(s.maxDuration);
    for (const relay of s.relays.values()) relay.stop();
    await s.participant.stop();
    this.running.delete(streamId);
    this.room.log.info({ streamId }, 'live stream stopped');
    this.room.broadcast('live-stream-stopped', { streamId });
  }
}
