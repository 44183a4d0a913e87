/**
 * The signaling protocol between daily-node clients and the meeting server:
 * message types, the participant model, runtime validators and meeting-URL
 * parsing. Imported by the SDK and, as `daily-node/protocol`, by the server.
 *
 * Wire format: JSON text frames on one WebSocket at {@link SIGNALING_PATH}.
 * See {@link SignalingMethods} for requests and {@link SignalingEvents} for
 * events; the module docs of `messages` describe the flow.
 * @module
 */
export * from './participant';
export * from './messages';
export * from './message-validators';
export * from './meeting-url';
export * as validation from './validation';
export { ValidationError, type Validator } from './validation';
export * from './streaming-validators';
export * from './telephony-validators';
export type {
  DialinConnectedEvent,
  DialinEvent,
  DialinStoppedEvent,
  DialoutEvent,
  DialoutSendDtmfSettings,
  DialoutSettings,
  DtmfEvent,
  SipCallTransferSettings,
  LiveStreamStatus,
  LiveStreamUpdate,
  RecordingStatus,
  StreamingLayout,
  StreamingSettings,
  TranscriptionMessage,
  TranscriptionSettings,
  TranscriptionStatus,
  TranscriptionUpdated,
} from '../call/types/service-types';
