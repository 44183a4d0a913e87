/**
 * What each signaling request does. Every handler gets the connection and
 * checked params, and returns the result or throws SignalingProtocolError.
 */
import { Buffer } from 'node:buffer';
import { SignalingProtocolError, type SignalingMethod, type SignalingMethods } from 'daily-node/protocol';
import type { LiveRoom } from '../rooms/live-room';
import type { LiveRooms } from '../rooms/live-rooms';
import type { ParticipantSession } from '../rooms/participant-session';
import type { ClientConnection } from './client-connection';
import { CloseCode } from './close-code';

export interface HandlerDeps {
  rooms: LiveRooms;
  maxAppMessageBytes: number;
}

type Handler<M extends SignalingMethod> = (
  conn: ClientConnection,
  params: SignalingMethods[M]['params'],
  deps: HandlerDeps,
) => Promise<SignalingMethods[M]['result']> | SignalingMethods[M]['result'];

/** The joined participant and its room, or `not-joined`. */
function joined(conn: ClientConnection): { p: ParticipantSession; room: LiveRoom } {
  if (!conn.participant || !conn.room) throw new SignalingProtocolError('not-joined', 'join a room first');
  return { p: conn.participant, room: conn.room };
}

function notJoinedYet(conn: ClientConnection): void {
  if (conn.participant)
    throw new SignalingProtocolError('already-joined', 'this connection has already joined; leave first');
}

function bind(conn: ClientConnection, room: LiveRoom, p: ParticipantSession): void {
  conn.participant = p;
  conn.room = room;
  p.connection = conn;
}

export const HANDLERS: { [M in SignalingMethod]: Handler<M> } = {
  async join(conn, params, { rooms }) {
    notJoinedYet(conn);
    const { room, participant } = await rooms.join(params);
    if (!conn.isOpen) {
      // The socket closed while we admitted it: treat as an immediate drop.
      participant.connection = undefined;
      room.disconnected(participant);
      throw new SignalingProtocolError('not-joined', 'connection closed during join');
    }
    bind(conn, room, participant);
    const result = room.joinResult(participant, false);
    if (participant.token?.start_cloud_recording) room.recordings.startFromToken(participant);
    // After the join response has gone out: the client takes events once joined.
    setImmediate(() => room.telephony.joined(participant));
    return result;
  },

  async resume(conn, params, { rooms }) {
    notJoinedYet(conn);
    const { room, participant } = await rooms.resume(params);
    if (!conn.isOpen) throw new SignalingProtocolError('not-joined', 'connection closed during resume');
    const old = participant.connection;
    if (old && old !== conn) {
      old.event('session-ended', {
        reason: 'resumed-elsewhere',
        message: 'this participant resumed on another connection',
      });
      old.participant = undefined;
      old.room = undefined;
      old.close(CloseCode.sessionEnded, 'resumed-elsewhere');
    }
    bind(conn, room, participant);
    room.resumed(participant);
    room.media.resumed(participant);
    return room.joinResult(participant, true);
  },

  async leave(conn) {
    const { p, room } = joined(conn);
    await room.remove(p, 'left');
    return {};
  },

  setUserName(conn, { userName }) {
    const { p, room } = joined(conn);
    room.setUserName(p, userName);
    return {};
  },

  async publish(conn, params) {
    const { p, room } = joined(conn);
    return room.media.publish(p, params);
  },

  async unpublish(conn) {
    const { p, room } = joined(conn);
    await room.media.unpublish(p);
    return {};
  },

  async updateTracks(conn, { tracks }) {
    const { p, room } = joined(conn);
    await room.media.updateTracks(p, tracks);
    return {};
  },

  async trickle(conn, { target, candidate }) {
    const { p, room } = joined(conn);
    await room.media.trickle(p, target, candidate);
    return {};
  },

  updateSubscriptions(conn, params) {
    const { p, room } = joined(conn);
    room.media.updateSubscriptions(p, params);
    return {};
  },

  subscriberAnswer(conn, { jsep, connectionId }) {
    const { p, room } = joined(conn);
    room.media.subscriberAnswer(p, jsep, connectionId);
    return {};
  },

  resetSubscriber(conn) {
    const { p, room } = joined(conn);
    return { minConnectionId: room.media.resetSubscriber(p) };
  },

  sendAppMessage(conn, { data, to }, { maxAppMessageBytes }) {
    const { p, room } = joined(conn);
    const size = Buffer.byteLength(JSON.stringify(data));
    if (size > maxAppMessageBytes) {
      throw new SignalingProtocolError(
        'too-large',
        `app message is ${size} bytes of JSON; the limit is ${maxAppMessageBytes}`,
        'params.data',
      );
    }
    if (!p.appMessageBucket.take())
      throw new SignalingProtocolError('rate-limited', 'too many app messages: slow down');
    room.appMessage(p, data, to);
    return {};
  },

  sendChatMessage(conn, { message, userName }) {
    const { p, room } = joined(conn);
    if (!p.appMessageBucket.take()) throw new SignalingProtocolError('rate-limited', 'too many messages: slow down');
    room.chatMessage(p, message, userName);
    return {};
  },

  updatePermissions(conn, { permissions }) {
    const { p, room } = joined(conn);
    if (!p.isOwner) throw new SignalingProtocolError('forbidden', 'only owners may change their own permissions');
    room.setPermissions(p, permissions);
    return {};
  },

  updateRemoteParticipants(conn, { updates }) {
    const { p, room } = joined(conn);
    room.updateRemote(p, updates);
    return {};
  },

  ejectRemoteParticipants(conn, { ids }) {
    const { p, room } = joined(conn);
    room.eject(p, ids);
    return {};
  },

  async startTranscription(conn, { settings }) {
    const { p, room } = joined(conn);
    return { status: await room.transcription.start(p, settings) };
  },

  async stopTranscription(conn) {
    const { p, room } = joined(conn);
    await room.transcription.stop(p);
    return {};
  },

  updateTranscription(conn, { participants, instanceId }) {
    const { p, room } = joined(conn);
    room.transcription.update(p, participants, instanceId);
    return {};
  },

  async startRecording(conn, params) {
    const { p, room } = joined(conn);
    return { status: await room.recordings.start(p, params) };
  },

  async stopRecording(conn, { streamId }) {
    const { p, room } = joined(conn);
    await room.recordings.stop(p, streamId);
    return {};
  },

  updateRecording(conn, { layout, streamId }) {
    const { p, room } = joined(conn);
    room.recordings.update(p, layout, streamId);
    return {};
  },

  async startLiveStream(conn, params) {
    const { p, room } = joined(conn);
    return { status: await room.liveStreams.start(p, params) };
  },

  async stopLiveStream(conn, { streamId }) {
    const { p, room } = joined(conn);
    await room.liveStreams.stop(p, streamId);
    return {};
  },

  updateLiveStream(conn, { layout, streamId }) {
    const { p, room } = joined(conn);
    room.liveStreams.update(p, layout, streamId);
    return {};
  },

  addLiveStreamingEndpoints(conn, { endpoints, streamId }) {
    const { p, room } = joined(conn);
    room.liveStreams.addEndpoints(p, endpoints, streamId);
    return {};
  },

  removeLiveStreamingEndpoints(conn, { endpoints, streamId }) {
    const { p, room } = joined(conn);
    room.liveStreams.removeEndpoints(p, endpoints, streamId);
    return {};
  },

  async startDialout(conn, { settings }) {
    const { p, room } = joined(conn);
    return { sessionId: await room.telephony.startDialout(p, settings) };
  },

  async stopDialout(conn, { participantId }) {
    const { p, room } = joined(conn);
    await room.telephony.stopDialout(p, participantId);
    return {};
  },

  async sendDtmf(conn, { settings }) {
    const { p, room } = joined(conn);
    await room.telephony.sendDtmf(p, settings);
    return {};
  },

  async sipCallTransfer(conn, { settings }) {
    const { p, room } = joined(conn);
    await room.telephony.sipCallTransfer(p, settings.sessionId, settings.toEndPoint);
    return {};
  },

  async sipRefer(conn, { settings }) {
    const { p, room } = joined(conn);
    await room.telephony.sipRefer(p, settings.sessionId, settings.toEndPoint);
    return {};
  },
};
