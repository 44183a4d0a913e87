/**
 * Waits until a peer connection has gathered its candidates, so that the SDP
 * sent to the server is complete (`trickle: false`, as the SDK sends it).
 * Host candidates on a LAN take milliseconds; the timeout bounds a slow STUN/TURN.
 */
export function gatheringComplete(pc: RTCPeerConnection, timeoutMs = 3000): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      window.clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', check);
      resolve();
    };
    const check = (): void => {
      if (pc.iceGatheringState === 'complete') done();
    };
    const timer = window.setTimeout(done, timeoutMs);
    pc.addEventListener('icegatheringstatechange', check);
  });
}
