/**
 * Why the receive connection waits for offers with OfferGate instead of a
 * flag (issue 15's 15 s deafness after an engine kill, seen under load): when
 * the `resetSubscriber` result and the new connection's first offer arrive in
 * one read from the socket, the WebSocket library emits both messages before
 * the code awaiting the result runs again. A flag cleared after the `await`
 * is still set when the offer comes, and the offer was dropped; the server
 * then waited its whole answer timeout. Real sockets here (ws, loopback): the
 * server writes both messages in one TCP write.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';

import { OfferGate } from '../../src/call/sfu-media/offer-gate';
import { SignalingConnection } from '../../src/transport/signaling-connection';

let wss: WebSocketServer | undefined;
let conn: SignalingConnection | undefined;

afterEach(async () => {
  conn?.close();
  await new Promise((r) => (wss ? wss.close(r) : r(undefined)));
});

const offerOf = (connectionId: number) => ({
  event: 'subscriber-offer',
  data: { connectionId, jsep: { type: 'offer', sdp: 'v=0' }, streams: [] },
});

it('the reset result and the next offer in one read: the offer comes before the awaiting code resumes', async () => {
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  wss.on('connection', (ws) => {
    ws.on('message', (raw) => {
      const { id } = JSON.parse(raw.toString()) as { id: number };
      const socket = (ws as unknown as { _socket: import('node:net').Socket })._socket;
      socket.cork(); // both frames leave in one write
      ws.send(JSON.stringify(offerOf(4))); // made for the old connection before the reset arrived
      ws.send(JSON.stringify({ id, ok: true, result: { minConnectionId: 5 } }));
      ws.send(JSON.stringify(offerOf(5))); // the new connection's first offer
      socket.uncork();
    });
  });
  await new Promise((r) => wss!.once('listening', r));
  conn = await SignalingConnection.open(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);

  let ignoring = true; // the flag the SDK used to clear after the await
  const takenWithFlag: number[] = [];
  const gate = new OfferGate();
  gate.hold();
  const handled: number[] = [];
  conn.on('event', (e) => {
    if (e.event !== 'subscriber-offer') return;
    if (!ignoring) takenWithFlag.push(e.data.connectionId);
    if (!gate.take(e.data)) handled.push(e.data.connectionId);
  });
  const { minConnectionId } = await conn.request('resetSubscriber', {});
  ignoring = false;
  for (const offer of gate.release(minConnectionId)) handled.push(offer.connectionId);

  expect(takenWithFlag).toEqual([]); // the flag lost the new connection's offer: the race
  expect(handled).toEqual([5]); // the gate kept it, and only it
});
