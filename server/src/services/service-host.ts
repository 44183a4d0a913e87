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
    await this.ensureEngine();
    const token = await this.deps.tokens.sign({
      room_name: roomName,
      user_name: service.identity?.userName ?? service.name,
      ...(service.identity?.userId !== undefined ? { user_id: service.identity.userId } : {}),
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
      const call: ServiceCall = { client, roomName, participantId: client.participants().local.id, log };
      await service.start(call);
      log.info({ participantId: call.participantId }, 'service participant started');
      const running: RunningService = { call, stop: () => this.stopOne(running, service, client) };
      this.running.add(running);
      return running;
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
