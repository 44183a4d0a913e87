/**
 * The receive connection answers the SFU's offer as the DTLS server
 * (`a=setup:passive`), so that the SFU starts the DTLS handshake.
 *
 * Why: answering `active` (libwebrtc's default) makes this side send the first
 * DTLS packet as soon as its own ICE check succeeds, which can be before the
 * SFU's ICE agent accepts packets on that pair. The packet is dropped and DTLS
 * retransmits only after its 1 s timer, so every new receive connection
 * started a second late: a bot that spoke right after join() lost its first
 * words at everyone already in the call. As the server side, we are ready
 * before the SFU sends its first packet.
 * @internal
 * @module
 */

/** `sdp` with every `a=setup:active` turned into `a=setup:passive`. */
export function asDtlsServer(sdp: string): string {
  return sdp.replace(/^a=setup:active(?=\r?$)/gm, 'a=setup:passive');
}
