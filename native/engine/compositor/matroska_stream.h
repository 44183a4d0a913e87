// A minimal Matroska stream of raw I420 pictures, each with its own timestamp,
// for an encoder's picture input (the same bytes as the server's
// matroska-video.ts). A raw pipe makes ffmpeg stamp pictures by count, so a
// picture left out for a slow encoder would shift every later one; stamped
// pictures let the compositor leave one out and keep the rest in time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace dn::engine::compositor {

// EBML header, a segment of unknown size, info (µs timestamps) and one
// V_UNCOMPRESSED I420 video track.
std::vector<uint8_t> MatroskaHeader(int width, int height);

// The bytes before one picture of `picture_bytes` at `timestamp_us`: one
// cluster per picture, so no cluster-relative range limits the stream.
std::vector<uint8_t> MatroskaPicturePrefix(size_t picture_bytes, int64_t timestamp_us);

}  // namespace dn::engine::compositor
