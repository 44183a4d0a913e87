/**
 * What recordings and live streams share: who may control them, and finding
 * the instance a request names (or the only one).
 */
import { SignalingProtocolError } from 'daily-node/protocol';
import type { ParticipantSession } from '../../rooms/participant-session';

export function requireStreamingAdmin(caller: ParticipantSession, what: string): void {
  if (!caller.isOwner && !caller.permissions.canAdmin.includes('streaming')) {
    throw new SignalingProtocolError('forbidden', `${what} needs an owner token or canAdmin "streaming"`);
  }
}

/** The running instance `streamId` names, or the only one; `noun` is "recording" or "live stream". */
export function pickInstance<T>(running: Map<string, T>, streamId: string | undefined, noun: string): T {
  if (streamId !== undefined) {
    const r = running.get(streamId);
    if (!r)
      throw new SignalingProtocolError(
        'bad-request',
        `no ${noun} with streamId "${streamId}" is running`,
        'params.streamId',
      );
    return r;
  }
  if (running.size === 0) throw new SignalingProtocolError('bad-request', `no ${noun} is running in this room`);
  if (running.size > 1) {
    throw new SignalingProtocolError(
      'bad-request',
      `${running.size} ${noun}s are running; say which (streamId)`,
      'params.streamId',
    );
  }
  return running.values().next().value!;
}

/** Refuses a second instance unless `forceNew`, and a streamId already in use. */
export function checkNewInstance(
  running: Map<string, unknown>,
  streamId: string | undefined,
  forceNew: boolean | undefined,
  noun: string,
): void {
  if (streamId !== undefined && running.has(streamId)) {
    throw new SignalingProtocolError(
      'bad-request',
      `a ${noun} with streamId "${streamId}" is running`,
      'params.streamId',
    );
  }
  if (running.size > 0 && !forceNew) {
    const ids = [...running.keys()].join('", "');
    throw new SignalingProtocolError(
      'bad-request',
      `a ${noun} is already running (streamId "${ids}"); pass forceNew to start another`,
      'params.forceNew',
    );
  }
}
