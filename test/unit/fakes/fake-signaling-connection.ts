/**
 * A stand-in for a signaling WebSocket connection, for unit tests of
 * SignalingSession: the test decides how each request is answered and when
 * the connection drops.
 */
import { EventEmitter } from 'node:events';

import type { AnySignalingEvent, SignalingMethod } from '../../../src/signaling/protocol';
import type { ConnectionClosed } from '../../../src/transport/signaling-connection';
import type { SessionConnection, SessionConnectionFactory } from '../../../src/transport/signaling-session';
import { TransportError } from '../../../src/transport/transport-error';

/** Answers one request: return a result, or throw a TransportError as the server's error. */
export type FakeServer = (method: SignalingMethod, params: Record<string, unknown>, conn: FakeConnection) => unknown;

export class FakeConnection
  extends EventEmitter<{ event: [AnySignalingEvent]; closed: [ConnectionClosed] }>
  implements SessionConnection
{
  readonly sent: { method: SignalingMethod; params: Record<string, unknown> }[] = [];
  open = true;

  constructor(private readonly server: FakeServer) {
    super();
  }

  // The method's generic signature is SignalingConnection's; results are the fake server's.
  request = (async (method: SignalingMethod, params: Record<string, unknown>) => {
    if (!this.open) throw new TransportError(`"${method}" cannot be sent: closed`, 'disconnected');
    this.sent.push({ method, params });
    await Promise.resolve();
    return this.server(method, params, this);
  }) as unknown as SessionConnection['request'];

  /** The server sends an event on this connection. */
  push(event: AnySignalingEvent): void {
    this.emit('event', event);
  }

  /** The socket drops (not closed by the client). */
  drop(code = 1006, reason = ''): void {
    if (!this.open) return;
    this.open = false;
    this.emit('closed', { code, reason, local: false });
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    this.emit('closed', { code: 1000, reason: '', local: true });
  }

  terminate(): void {
    this.drop();
  }
}

/** A connection factory over one fake server; `connections` lists every connection opened, in order. */
export function fakeConnector(server: FakeServer): {
  connect: SessionConnectionFactory;
  connections: FakeConnection[];
} {
  const connections: FakeConnection[] = [];
  return {
    connections,
    connect: async () => {
      const conn = new FakeConnection(server);
      connections.push(conn);
      return conn;
    },
  };
}
