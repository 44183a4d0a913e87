#include "engine/compositor/matroska_stream.h"

#include <initializer_list>
#include <string_view>

namespace dn::engine::compositor {
namespace {

using Bytes = std::vector<uint8_t>;

constexpr uint64_t kTimestampScaleNs = 1000;  // timestamps in µs

void AppendId(Bytes& out, uint32_t id) {
  bool started = false;
  for (int shift = 24; shift >= 0; shift -= 8) {
    const uint8_t b = uint8_t(id >> shift);
    if (b != 0 || started) {
      out.push_back(b);
      started = true;
    }
  }
}

// Sizes are written as 8-byte EBML variable-length integers (marker 0x01).
void AppendSize(Bytes& out, uint64_t n) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(uint8_t(n >> shift));
  out[out.size() - 8] = 0x01;
}

Bytes Element(uint32_t id, const Bytes& payload) {
  Bytes out;
  AppendId(out, id);
  AppendSize(out, payload.size());
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

Bytes Unsigned(uint64_t n) {
  Bytes out;
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(uint8_t(n >> shift));
  return out;
}

Bytes Text(std::string_view s) { return Bytes(s.begin(), s.end()); }

Bytes Join(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

}  // namespace

std::vector<uint8_t> MatroskaHeader(int width, int height) {
  const Bytes ebml = Element(0x1a45dfa3, Join({
                                             Element(0x4286, Unsigned(1)),       // EBMLVersion
                                             Element(0x42f7, Unsigned(1)),       // EBMLReadVersion
                                             Element(0x42f2, Unsigned(4)),       // EBMLMaxIDLength
                                             Element(0x42f3, Unsigned(8)),       // EBMLMaxSizeLength
                                             Element(0x4282, Text("matroska")),  // DocType
                                             Element(0x4287, Unsigned(4)),       // DocTypeVersion
                                             Element(0x4285, Unsigned(2)),       // DocTypeReadVersion
                                         }));
  // Segment of unknown size: the stream ends when the pipe does.
  const Bytes segment = {0x18, 0x53, 0x80, 0x67, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  const Bytes info = Element(0x1549a966, Element(0x2ad7b1, Unsigned(kTimestampScaleNs)));
  const Bytes video = Element(0xe0, Join({
                                        Element(0xb0, Unsigned(uint64_t(width))),   // PixelWidth
                                        Element(0xba, Unsigned(uint64_t(height))),  // PixelHeight
                                        Element(0x2eb524, Text("I420")),            // ColourSpace
                                    }));
  const Bytes track = Element(0xae, Join({
                                        Element(0xd7, Unsigned(1)),             // TrackNumber
                                        Element(0x73c5, Unsigned(1)),           // TrackUID
                                        Element(0x83, Unsigned(1)),             // TrackType: video
                                        Element(0x86, Text("V_UNCOMPRESSED")),  // CodecID
                                        video,
                                    }));
  return Join({ebml, segment, info, Element(0x1654ae6b, track)});
}

std::vector<uint8_t> MatroskaPicturePrefix(size_t picture_bytes, int64_t timestamp_us) {
  // SimpleBlock header: track 1, offset 0 from its cluster, keyframe.
  const Bytes block_header = {0x81, 0x00, 0x00, 0x80};
  const Bytes timestamp = Element(0xe7, Unsigned(uint64_t(timestamp_us < 0 ? 0 : timestamp_us)));
  Bytes block_head = {0xa3};
  AppendSize(block_head, block_header.size() + picture_bytes);
  block_head.insert(block_head.end(), block_header.begin(), block_header.end());
  Bytes out = {0x1f, 0x43, 0xb6, 0x75};
  AppendSize(out, timestamp.size() + block_head.size() + picture_bytes);
  out.insert(out.end(), timestamp.begin(), timestamp.end());
  out.insert(out.end(), block_head.begin(), block_head.end());
  return out;
}

}  // namespace dn::engine::compositor
