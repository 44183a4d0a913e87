/**
 * daily-node-server: the self-hostable meeting server for daily-node.
 *
 * ```ts
 * import { startServer } from 'daily-node-server';
 * const server = await startServer({ port: 7880, dataDir: './data' });
 * // REST: `${server.url}/v1/rooms` with `Authorization: Bearer ${server.apiKey}`
 * // meeting URLs: server.meetingUrl('my-room')
 * await server.close();
 * ```
 * @packageDocumentation
 */
export { startServer, type RunningServer } from './server';
export { OptionError, type ServerOptions, type SignalingLimitsOptions } from './options';
export type { JanusOption } from './janus/janus-pool';
export type { JanusNodeConfig } from './janus/janus-node-link';
export type { EmbeddedJanusOptions } from './janus/embedded-janus';
export type { RoomProperties } from './rooms/room-properties';
export type { MeetingTokenProperties } from './tokens/meeting-token';
export type { Storage, RoomRecord } from './storage/storage';
