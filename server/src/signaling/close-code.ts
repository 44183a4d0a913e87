/**
 * WebSocket close codes the signaling server uses. Its own module, so that
 * the rooms can end a session without importing the socket's class.
 */
export const CloseCode = {
  /** Server shutting down. */
  goingAway: 1001,
  /** Flooding or too many bad messages. */
  policy: 1008,
  /** Too many sockets open on the server. */
  busy: 1013,
  /** No join within the deadline. */
  joinTimeout: 4000,
  /** The server ended the session (ejected, expired, room deleted, resumed elsewhere). */
  sessionEnded: 4001,
  /** The client reads too slowly: too much queued for it. */
  tooSlow: 4002,
} as const;
