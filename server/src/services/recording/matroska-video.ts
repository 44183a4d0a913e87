/**
 * A minimal Matroska stream of raw I420 pictures, each with its own
 * timestamp, for the encoder's video input. A raw pipe (`-f rawvideo -r N`)
 * makes ffmpeg stamp pictures by count, so a picture left out to relieve a
 * slow encoder would shift every later one; a stamped container lets the
 * recorder drop pictures and keep the picture in time with the sound.
 * Matroska's `V_UNCOMPRESSED` track with colour space `I420` is read by
 * ffmpeg's demuxer as rawvideo yuv420p.
 */

/** Timestamps are in microseconds (TimestampScale, in nanoseconds). */
const TIMESTAMP_SCALE_NS = 1000;

/** An element size as an 8-byte EBML variable-length integer. */
function sizeField(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  b[0] = 0x01;
  return b;
}

function unsigned(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}

function element(id: string, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from(id, 'hex'), sizeField(payload.length), payload]);
}

/** Segment of unknown size: the stream ends when the pipe does. */
const LIVE_SEGMENT = Buffer.from('18538067' + '01ffffffffffffff', 'hex');
/** SimpleBlock header: track 1, offset 0 from its cluster, keyframe. */
const BLOCK_HEADER = Buffer.from([0x81, 0x00, 0x00, 0x80]);

/** The bytes before the first picture: EBML header, segment, info and the one video track. */
export function matroskaHeader(width: number, height: number): Buffer {
  const ebml = element(
    '1a45dfa3',
    Buffer.concat([
      element('4286', unsigned(1)), // EBMLVersion
      element('42f7', unsigned(1)), // EBMLReadVersion
      element('42f2', unsigned(4)), // EBMLMaxIDLength
      element('42f3', unsigned(8)), // EBMLMaxSizeLength
      element('4282', Buffer.from('matroska')), // DocType
      element('4287', unsigned(4)), // DocTypeVersion
      element('4285', unsigned(2)), // DocTypeReadVersion
    ]),
  );
  const info = element('1549a966', element('2ad7b1', unsigned(TIMESTAMP_SCALE_NS)));
  const video = element(
    'e0',
    Buffer.concat([
      element('b0', unsigned(width)), // PixelWidth
      element('ba', unsigned(height)), // PixelHeight
      element('2eb524', Buffer.from('I420')), // ColourSpace (FourCC)
    ]),
  );
  const track = element(
    'ae',
    Buffer.concat([
      element('d7', unsigned(1)), // TrackNumber
      element('73c5', unsigned(1)), // TrackUID
      element('83', unsigned(1)), // TrackType: video
      element('86', Buffer.from('V_UNCOMPRESSED')), // CodecID
      video,
    ]),
  );
  return Buffer.concat([ebml, LIVE_SEGMENT, info, element('1654ae6b', track)]);
}

/**
 * The bytes that go before one picture of `pictureBytes` at `timestampUs`:
 * one cluster per picture, so every block sits at offset 0 of its cluster and
 * no timestamp range limits the stream. The picture itself follows unchanged
 * (no copy of the large buffer).
 */
export function matroskaPicturePrefix(pictureBytes: number, timestampUs: number): Buffer {
  const timestamp = element('e7', unsigned(Math.round(timestampUs)));
  const blockHead = Buffer.concat([
    Buffer.from('a3', 'hex'),
    sizeField(BLOCK_HEADER.length + pictureBytes),
    BLOCK_HEADER,
  ]);
  const clusterSize = timestamp.length + blockHead.length + pictureBytes;
  return Buffer.concat([Buffer.from('1f43b675', 'hex'), sizeField(clusterSize), timestamp, blockHead]);
}
