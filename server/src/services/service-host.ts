/**
 * Runs service participants: hidden participants of the server's own calls,
 * joined through the SDK (one media engine per server process, started with
 * the first service), with a token the server mints. They receive decoded,
 * jitter-buffered media per participant and follow joins and leaves like any
 * client; the rooms code keeps them out of presence and counts.
 */
import { CallClient, Daily } from 'daily-node';
import type { Logger } from '../log';
import type { MeetingTokens } from '../tokens/meeting-token';
import type { Service, ServiceCall } from './service';

export interface ServiceHostDeps {
  tokens: MeetingTokens;
  /** The meeting URL of a room on this server. */
  meetingUrl(roomName: string): string;
  log: Logger;
}

/** A service participant in a call. */
export interface RunningService {
  readonly call: ServiceCall;
  /** Stops the service and takes its participant out of the call. */
  stop(): Promise<void>;
}

/** Token lifetime: a service participant resumes with its resume token, never with this again. */
const TOKEN_TTL_S = 60;

export class ServiceHost {
  private engine: Promise<boolean> | undefined;
  private readonly running = new Set<RunningService>();

  constructor(private readonly deps: ServiceHostDeps) {}

  /** Joins a hidden participant to `roomName` and starts `service` in it. */
  async start(roomName: string, service: Service): Promise<RunningService> {
    const call = await this.join(roomName, service, service.identity);
    try {
      await service.start(call);
    } catch (e) {
      await call.client.release().catch(() => undefined);
      throw e;
    }
    call.log.info({ participantId: call.participantId }, 'service participant started');
    return this.track(call, service);
  }

  /**
   * Moves a running service to `roomName` (a phone call transferred to another
   * room): a new participant joins there as `identity`, the service's `move`
   * switches its media to it, and only then the old participant leaves.
   */
  async move(
    running: RunningService,
    service: Service,
    roomName: string,
    identity: { userName: string; userId?: string },
  ): Promise<RunningService> {
    if (!service.move) throw new Error(`service "${service.name}" cannot move between rooms`);
    if (!this.running.has(running)) throw new Error('the service is not running');
    const call = await this.join(roomName, service, identity);
    try {
      await service.move(call);
    } catch (e) {
      await call.client.release().catch(() => undefined);
      throw e;
    }
    this.running.delete(running);
    await running.call.client.release().catch(() => undefined);
    call.log.info({ participantId: call.participantId, from: running.call.roomName }, 'service participant moved');
    return this.track(call, service);
  }

  private track(call: ServiceCall, service: Service): RunningService {
    const running: RunningService = { call, stop: () => this.stopOne(running, service, call.client) };
    this.running.add(running);
    return running;
  }

  /** A hidden participant of `roomName`, joined with a token the server mints. */
  private async join(
    roomName: string,
    service: Service,
    identity: { userName: string; userId?: string } | undefined,
  ): Promise<ServiceCall> {
    await this.ensureEngine();
    const token = await this.deps.tokens.sign({
      room_name: roomName,
      user_name: identity?.userName ?? service.name,
      ...(identity?.userId !== undefined ? { user_id: identity.userId } : {}),
      permissions: { hasPresence: false, canSend: false, canAdmin: false },
      exp: Math.floor(Date.now() / 1000) + TOKEN_TTL_S,
      daily_node_service: service.name,
    });
    const client = new CallClient();
    const log = this.deps.log.child({ room: roomName, service: service.name });
    client.on('error', (message) => log.warn({ message }, 'service participant error'));
    try {
      if (service.audioOnly) {
        await client.updateSubscriptionProfiles({
          base: {
            camera: 'unsubscribed',
            microphone: 'subscribed',
            screenVideo: 'unsubscribed',
            screenAudio: 'unsubscribed',
          },
        });
      }
      await client.join(this.deps.meetingUrl(roomName), {
        meetingToken: token,
        clientSettings: { inputs: { camera: false, microphone: false } },
      });
      return { client, roomName, participantId: client.participants().local.id, log };
    } catch (e) {
      await client.release().catch(() => undefined);
      throw e;
    }
  }

  private async stopOne(running: RunningService, service: Service, client: CallClient): Promise<void> {
    if (!this.running.delete(running)) return;
    await service.stop().catch((e: Error) => running.call.log.warn({ err: e.message }, 'service stop failed'));
    await client.release().catch(() => undefined);
    running.call.log.info('service participant stopped');
  }

  /** Stops every service; the media engine stops if this host started it. */
  async close(): Promise<void> {
    await Promise.all([...this.running].map((r) => r.stop()));
    const owned = await this.engine?.catch(() => false);
    this.engine = undefined;
    if (owned) await Daily.deinit();
  }

  /** Daily.init once; a process that already initialised the SDK (the server embedded in a bot) shares it. */
  private ensureEngine(): Promise<boolean> {
    this.engine ??= (async () => {
      try {
        await Daily.init();
        return true;
      } catch (e) {
        if (/already called/.test((e as Error).message)) return false;
        this.engine = undefined;
        throw e;
      }
    })();
    return this.engine;
  }
}
