// The compositor's picture: one I420 frame of the output size, cleared to the
// background colour and with each tile's picture scaled into its rect (libyuv
// bilinear, aspect kept, centred).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <api/video/video_frame_buffer.h>

namespace dn::engine::compositor {

struct Rect {
  int x = 0;
  int y = 0;
  int width = 0;
  int height = 0;
};

struct Yuv {
  uint8_t y = 16;
  uint8_t u = 128;
  uint8_t v = 128;
};

// `#rrggbb` or `#aarrggbb` (alpha ignored) as BT.601 limited range; nullopt if malformed.
std::optional<Yuv> ParseBackgroundColor(const std::string& colour);

class I420Canvas {
 public:
  I420Canvas(int width, int height, Yuv background);

  void Clear();
  void Draw(webrtc::VideoFrameBuffer& picture, const Rect& rect);
  // Y plane, then U, then V, rows without padding.
  const std::vector<uint8_t>& bytes() const { return bytes_; }

 private:
  uint8_t* Y() { return bytes_.data(); }
  uint8_t* U() { return bytes_.data() + size_t(width_) * size_t(height_); }
  uint8_t* V() { return U() + size_t(chroma_width_) * size_t(chroma_height_); }

  const int width_;
  const int height_;
  const int chroma_width_;
  const int chroma_height_;
  const Yuv background_;
  std::vector<uint8_t> bytes_;
};

}  // namespace dn::engine::compositor
