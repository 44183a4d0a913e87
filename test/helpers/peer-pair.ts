/** Two peer connections in one engine, connected over the namespace's veth address. */
import { PeerConnection } from '../../src/media/peer/peer-connection';

export interface PeerPair {
  sender: PeerConnection;
  receiver: PeerConnection;
}

/**
 * Creates two connections, lets `setup` add tracks/transceivers, then runs a
 * non-trickle offer/answer (every candidate in the SDP) and waits until both
 * are connected.
 */
export async function connectPair(setup: (pair: PeerPair) => Promise<void>): Promise<PeerPair> {
  const sender = await PeerConnection.create();
  const receiver = await PeerConnection.create();
  const pair = { sender, receiver };
  await setup(pair);
  const offer = await sender.setLocalDescription(undefined, { waitForGathering: true });
  await receiver.setRemoteDescription({ type: offer.type, sdp: offer.sdp });
  const answer = await receiver.setLocalDescription(undefined, { waitForGathering: true });
  await sender.setRemoteDescription({ type: answer.type, sdp: answer.sdp });
  await Promise.all([sender.waitForConnectionState('connected'), receiver.waitForConnectionState('connected')]);
  return pair;
}
