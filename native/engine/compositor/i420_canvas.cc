#include "engine/compositor/i420_canvas.h"

#include <algorithm>
#include <cmath>

#include <api/video/i420_buffer.h>
#include <libyuv/planar_functions.h>
#include <libyuv/scale.h>

namespace dn::engine::compositor {
namespace {

uint8_t Clamp(double v) { return uint8_t(std::clamp(std::lround(v), 0L, 255L)); }

int HexByte(const std::string& s, size_t at) {
  int value = 0;
  for (size_t i = at; i < at + 2; ++i) {
    const char c = s[i];
    int d = -1;
    if (c >= '0' && c <= '9') d = c - '0';
    if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    if (d < 0) return -1;
    value = value * 16 + d;
  }
  return value;
}

int Even(int n) { return n & ~1; }

}  // namespace

std::optional<Yuv> ParseBackgroundColor(const std::string& colour) {
  if (colour.empty() || colour[0] != '#' || (colour.size() != 7 && colour.size() != 9)) return std::nullopt;
  const size_t rgb = colour.size() == 9 ? 3 : 1;
  const int r = HexByte(colour, rgb), g = HexByte(colour, rgb + 2), b = HexByte(colour, rgb + 4);
  if (r < 0 || g < 0 || b < 0 || (rgb == 3 && HexByte(colour, 1) < 0)) return std::nullopt;
  return Yuv{Clamp(16 + 0.257 * r + 0.504 * g + 0.098 * b), Clamp(128 - 0.148 * r - 0.291 * g + 0.439 * b),
             Clamp(128 + 0.439 * r - 0.368 * g - 0.071 * b)};
}

I420Canvas::I420Canvas(int width, int height, Yuv background)
    : width_(width),
      height_(height),
      chroma_width_((width + 1) / 2),
      chroma_height_((height + 1) / 2),
      background_(background),
      bytes_(size_t(width) * size_t(height) + 2 * size_t(chroma_width_) * size_t(chroma_height_)) {
  Clear();
}

void I420Canvas::Clear() {
  libyuv::I420Rect(Y(), width_, U(), chroma_width_, V(), chroma_width_, 0, 0, width_, height_, background_.y,
                   background_.u, background_.v);
}

void I420Canvas::Draw(webrtc::VideoFrameBuffer& picture, const Rect& rect) {
  rtc::scoped_refptr<webrtc::I420BufferInterface> src = picture.ToI420();
  if (!src || src->width() <= 0 || src->height() <= 0) return;
  // Clip the rect to the canvas, then fit the picture inside it keeping its aspect.
  const int x0 = std::clamp(rect.x, 0, width_), y0 = std::clamp(rect.y, 0, height_);
  const int x1 = std::clamp(rect.x + rect.width, 0, width_), y1 = std::clamp(rect.y + rect.height, 0, height_);
  const double scale = std::min(double(x1 - x0) / src->width(), double(y1 - y0) / src->height());
  const int w = Even(int(src->width() * scale)), h = Even(int(src->height() * scale));
  if (w < 2 || h < 2) return;
  // Even offsets keep the chroma planes aligned with the luma plane.
  const int x = Even(x0 + (x1 - x0 - w) / 2), y = Even(y0 + (y1 - y0 - h) / 2);
  const size_t chroma_offset = size_t(y / 2) * size_t(chroma_width_) + size_t(x / 2);
  libyuv::I420Scale(src->DataY(), src->StrideY(), src->DataU(), src->StrideU(), src->DataV(), src->StrideV(),
                    src->width(), src->height(), Y() + size_t(y) * size_t(width_) + size_t(x), width_,
                    U() + chroma_offset, chroma_width_, V() + chroma_offset, chroma_width_, w, h,
                    libyuv::kFilterBilinear);
}

}  // namespace dn::engine::compositor
