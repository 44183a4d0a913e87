/** G.711 µ-law (ITU-T G.711) for test phones: 16-bit PCM ⇄ one byte per sample. */

const BIAS = 0x84;
const CLIP = 32635;

/** Encodes one 16-bit sample to µ-law. */
export function ulawEncodeSample(sample: number): number {
  const sign = sample < 0 ? 0x80 : 0;
  const magnitude = Math.min(Math.abs(sample), CLIP) + BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (magnitude & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (magnitude >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** Decodes one µ-law byte to a 16-bit sample. */
export function ulawDecodeSample(byte: number): number {
  const u = ~byte & 0xff;
  const magnitude = ((((u & 0x0f) << 3) + BIAS) << ((u & 0x70) >> 4)) - BIAS;
  return u & 0x80 ? -magnitude : magnitude;
}

/** s16le PCM → µ-law bytes. */
export function ulawEncode(pcm: Buffer): Buffer {
  const out = Buffer.alloc(pcm.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = ulawEncodeSample(pcm.readInt16LE(i * 2));
  return out;
}

/** µ-law bytes → s16le PCM. */
export function ulawDecode(bytes: Buffer): Buffer {
  const out = Buffer.alloc(bytes.length * 2);
  for (let i = 0; i < bytes.length; i++) out.writeInt16LE(ulawDecodeSample(bytes[i]!), i * 2);
  return out;
}
