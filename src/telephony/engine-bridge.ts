/**
 * What the meeting server needs of the media engine to bridge phone calls
 * and compose recordings
 * (`daily-node/engine-bridge`): a bare peer connection (to a Janus SIP
 * handle), audio mixers over remote tracks, and the ICE settings CallClients
 * use. Not part of the public SDK API: its shape may change with the server.
 * @internal
 * @module
 */
export { AudioMixer, type AudioMix, type AudioMixerOptions } from '../media/audio/audio-mixer';
export { PeerConnection, type RemoteTrackEvent } from '../media/peer/peer-connection';
export { peerConfig } from '../call/settings/ice-config';
export type { ReceivedTrack } from '../call/sfu-media/subscriber';
export {
  EngineCompositor,
  type CompositorStats,
  type CompositorTile,
  type EngineCompositorOptions,
} from '../media/video/engine-compositor';
