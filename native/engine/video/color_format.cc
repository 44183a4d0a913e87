#include "engine/video/color_format.h"

#include <libyuv/convert.h>
#include <libyuv/convert_from.h>
#include <libyuv/convert_from_argb.h>
#include <libyuv/planar_functions.h>

namespace dn::engine {
namespace {

struct FormatInfo {
  ColorFormat format;
  const char* name;
};

constexpr FormatInfo kFormats[] = {
    {ColorFormat::kRGBA, "RGBA"}, {ColorFormat::kBGRA, "BGRA"}, {ColorFormat::kARGB, "ARGB"},
    {ColorFormat::kABGR, "ABGR"}, {ColorFormat::kRGB, "RGB"},   {ColorFormat::kI420, "I420"},
};

int ChromaSize(int n) { return (n + 1) / 2; }

}  // namespace

std::optional<ColorFormat> ParseColorFormat(const std::string& name) {
  for (const auto& f : kFormats)
    if (name == f.name) return f.format;
  return std::nullopt;
}

const char* ColorFormatName(ColorFormat format) {
  for (const auto& f : kFormats)
    if (f.format == format) return f.name;
  return "?";
}

const std::vector<std::string>& ColorFormatNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& f : kFormats) v.emplace_back(f.name);
    return v;
  }();
  return names;
}

size_t FrameBytes(ColorFormat format, int width, int height) {
  const size_t w = size_t(width), h = size_t(height);
  switch (format) {
    case ColorFormat::kRGB:
      return w * h * 3;
    case ColorFormat::kI420:
      return w * h + 2 * size_t(ChromaSize(width)) * size_t(ChromaSize(height));
    default:
      return w * h * 4;
  }
}

std::optional<DimensionProblem> InputDimensionsProblem(ColorFormat format, int64_t width, int64_t height) {
  const std::string range = "must be from 1 to " + std::to_string(kMaxVideoDimension) + ", got ";
  if (width < 1 || width > kMaxVideoDimension) return DimensionProblem{"width", range + std::to_string(width)};
  if (height < 1 || height > kMaxVideoDimension) return DimensionProblem{"height", range + std::to_string(height)};
  if (format == ColorFormat::kI420) {
    const std::string odd = "must be even for I420 frames, got ";
    if (width % 2 != 0) return DimensionProblem{"width", odd + std::to_string(width)};
    if (height % 2 != 0) return DimensionProblem{"height", odd + std::to_string(height)};
  }
  return std::nullopt;
}

rtc::scoped_refptr<webrtc::I420Buffer> ConvertToI420(const uint8_t* src, ColorFormat format, int width, int height) {
  auto out = webrtc::I420Buffer::Create(width, height);
  uint8_t* y = out->MutableDataY();
  uint8_t* u = out->MutableDataU();
  uint8_t* v = out->MutableDataV();
  const int sy = out->StrideY(), su = out->StrideU(), sv = out->StrideV();
  switch (format) {
    case ColorFormat::kRGBA:
      libyuv::ABGRToI420(src, width * 4, y, sy, u, su, v, sv, width, height);
      break;
    case ColorFormat::kBGRA:
      libyuv::ARGBToI420(src, width * 4, y, sy, u, su, v, sv, width, height);
      break;
    case ColorFormat::kARGB:
      libyuv::BGRAToI420(src, width * 4, y, sy, u, su, v, sv, width, height);
      break;
    case ColorFormat::kABGR:
      libyuv::RGBAToI420(src, width * 4, y, sy, u, su, v, sv, width, height);
      break;
    case ColorFormat::kRGB:
      libyuv::RAWToI420(src, width * 3, y, sy, u, su, v, sv, width, height);
      break;
    case ColorFormat::kI420: {
      const int cw = ChromaSize(width), ch = ChromaSize(height);
      const uint8_t* src_u = src + size_t(width) * size_t(height);
      const uint8_t* src_v = src_u + size_t(cw) * size_t(ch);
      libyuv::I420Copy(src, width, src_u, cw, src_v, cw, y, sy, u, su, v, sv, width, height);
      break;
    }
  }
  return out;
}

void ConvertFromI420(const webrtc::I420BufferInterface& in, ColorFormat format, std::vector<uint8_t>& out) {
  const int w = in.width(), h = in.height();
  out.resize(FrameBytes(format, w, h));
  uint8_t* dst = out.data();
  const uint8_t *y = in.DataY(), *u = in.DataU(), *v = in.DataV();
  const int sy = in.StrideY(), su = in.StrideU(), sv = in.StrideV();
  switch (format) {
    case ColorFormat::kRGBA:
      libyuv::I420ToABGR(y, sy, u, su, v, sv, dst, w * 4, w, h);
      break;
    case ColorFormat::kBGRA:
      libyuv::I420ToARGB(y, sy, u, su, v, sv, dst, w * 4, w, h);
      break;
    case ColorFormat::kARGB:
      libyuv::I420ToBGRA(y, sy, u, su, v, sv, dst, w * 4, w, h);
      break;
    case ColorFormat::kABGR:
      libyuv::I420ToRGBA(y, sy, u, su, v, sv, dst, w * 4, w, h);
      break;
    case ColorFormat::kRGB:
      libyuv::I420ToRAW(y, sy, u, su, v, sv, dst, w * 3, w, h);
      break;
    case ColorFormat::kI420: {
      const int cw = ChromaSize(w), ch = ChromaSize(h);
      uint8_t* dst_u = dst + size_t(w) * size_t(h);
      uint8_t* dst_v = dst_u + size_t(cw) * size_t(ch);
      libyuv::I420Copy(y, sy, u, su, v, sv, dst, w, dst_u, cw, dst_v, cw, w, h);
      break;
    }
  }
}

}  // namespace dn::engine
