/**
 * The media side of a test phone: a UDP RTP endpoint on 127.0.0.1 that a sipp
 * scenario puts in its SDP (sipp does the SIP; it cannot record RTP). It
 * records the PCMU it receives (decoded to 8 kHz PCM), counts RFC 2833
 * telephone-events, sends µ-law speech paced at 20 ms and RFC 2833 digits
 * back to where the media came from (symmetric RTP).
 */
import * as dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';

import { ulawDecode, ulawEncode } from '../../helpers/g711';
import { waitFor } from '../../helpers/process';
import { Daily } from './sdk';

const PCMU = 0;
const SAMPLES_PER_PACKET = 160;
const DTMF_EVENTS = '0123456789*#ABCD';

export class RtpPhone {
  /** Decoded audio received (8 kHz s16le), in arrival order. */
  private received: Buffer[] = [];
  /** RFC 2833 digits received (deduplicated by RTP timestamp). */
  readonly digits: string[] = [];
  private readonly digitStamps = new Set<number>();
  /**
   * The telephone-event payload type, learnt from the first digits received
   * (the one our offer chose; a phone sends with the offerer's numbers).
   */
  telephoneEventPt: number | undefined;
  private peer: { address: string; port: number } | undefined;
  private seq = 1;
  private timestamp = 0;
  private readonly ssrc = 0x1234abcd;

  private constructor(private readonly socket: dgram.Socket) {
    socket.on('message', (msg, rinfo) => this.onPacket(msg, rinfo));
  }

  static async open(): Promise<RtpPhone> {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new RtpPhone(socket);
  }

  get port(): number {
    return (this.socket.address() as AddressInfo).port;
  }

  /** 8 kHz s16le PCM received so far. */
  get audio(): Buffer {
    return Buffer.concat(this.received);
  }

  /** Resolves once RTP arrived (so the peer's address is known). */
  async waitMedia(timeoutMs = 15_000): Promise<void> {
    await waitFor('RTP from the bridge', () => this.peer !== undefined, timeoutMs);
  }

  /** Sends 8 kHz PCM as PCMU packets every 20 ms; resolves when all are sent. */
  async play(pcm8k: Buffer): Promise<void> {
    const ulaw = ulawEncode(pcm8k);
    const start = performance.now();
    for (let i = 0, n = 0; i < ulaw.length; i += SAMPLES_PER_PACKET, n++) {
      this.send(PCMU, ulaw.subarray(i, i + SAMPLES_PER_PACKET), n === 0);
      this.timestamp += SAMPLES_PER_PACKET;
      const due = start + (n + 1) * 20 - performance.now();
      if (due > 0) await new Promise((r) => setTimeout(r, due));
    }
  }

  /** Sends one RFC 2833 digit (8 packets of 20 ms, the last 3 with the end bit) with the learnt payload type. */
  async pressDigit(digit: string): Promise<void> {
    const pt = this.telephoneEventPt;
    if (pt === undefined) throw new Error('no telephone-event received yet: its payload type is unknown');
    const event = DTMF_EVENTS.indexOf(digit);
    const stamp = this.timestamp;
    for (let i = 1; i <= 8; i++) {
      const end = i >= 6;
      const payload = Buffer.from([event, (end ? 0x80 : 0) | 10, 0, 0]);
      payload.writeUInt16BE(Math.min(i, 6) * SAMPLES_PER_PACKET, 2);
      this.send(pt, payload, i === 1, stamp);
      await new Promise((r) => setTimeout(r, 20));
    }
    this.timestamp += 8 * SAMPLES_PER_PACKET;
  }

  close(): void {
    this.socket.close();
  }

  private send(pt: number, payload: Buffer, marker: boolean, stamp = this.timestamp): void {
    if (!this.peer) throw new Error('no RTP received yet: the peer address is unknown');
    const header = Buffer.alloc(12);
    header[0] = 0x80;
    header[1] = (marker ? 0x80 : 0) | pt;
    header.writeUInt16BE(this.seq++ & 0xffff, 2);
    header.writeUInt32BE(stamp >>> 0, 4);
    header.writeUInt32BE(this.ssrc, 8);
    this.socket.send(Buffer.concat([header, payload]), this.peer.port, this.peer.address);
  }

  private onPacket(msg: Buffer, rinfo: dgram.RemoteInfo): void {
    if (msg.length < 12 || msg[0]! >> 6 !== 2) return;
    this.peer ??= { address: rinfo.address, port: rinfo.port };
    const pt = msg[1]! & 0x7f;
    const cc = msg[0]! & 0x0f;
    const payload = msg.subarray(12 + cc * 4);
    if (pt === PCMU) this.received.push(ulawDecode(payload));
    else if (payload.length === 4 && pt >= 96) {
      this.telephoneEventPt ??= pt;
      if (!(payload[1]! & 0x80)) return;
      const stamp = msg.readUInt32BE(4);
      if (this.digitStamps.has(stamp)) return;
      this.digitStamps.add(stamp);
      this.digits.push(DTMF_EVENTS[payload[0]!] ?? '?');
    }
  }
}

/** Milliseconds of speech NativeVad finds in 8 kHz PCM (what an RtpPhone received). */
export function speechMs(pcm8k: Buffer): number {
  const vad = Daily.createNativeVad({ sampleRate: 8000 });
  let frames = 0;
  for (let i = 0; i + 160 <= pcm8k.length; i += 160) if (vad.analyzeFrames(pcm8k.subarray(i, i + 160)) >= 0.9) frames++;
  return frames * 10;
}
