/**
 * A service participant's behaviour: what the server runs inside a hidden
 * participant (transcription today; recording and phone legs later). The
 * {@link ServiceHost} joins the call for it; the service only uses the call.
 */
import type { CallClient } from 'daily-node';
import type { Logger } from '../log';

/** The joined call a service works in. */
export interface ServiceCall {
  /** The service participant's own client: events, renderers, custom tracks. */
  readonly client: CallClient;
  readonly roomName: string;
  /** The service participant's id (others never see it). */
  readonly participantId: string;
  readonly log: Logger;
}

/** One kind of service participant. */
export interface Service {
  /** Short name (`transcription`): the participant's user name and the token's service claim. */
  readonly name: string;
  /**
   * How others will see the participant once the room makes it visible (phone
   * legs); without it the participant is named after the service and stays hidden.
   */
  readonly identity?: { userName: string; userId?: string };
  /** Receive only the microphones (true) or every track (false). */
  readonly audioOnly: boolean;
  /** Starts work in the joined call; throwing makes the start fail (the participant leaves). */
  start(call: ServiceCall): Promise<void>;
  /** Stops work; the host leaves the call afterwards. */
  stop(): Promise<void>;
  /**
   * Switches work to `call`, a participant in another room (see
   * {@link ServiceHost.move}); the old participant leaves afterwards. Services
   * that cannot move leave it out.
   */
  move?(call: ServiceCall): Promise<void>;
}
