// The pixel layouts the SDK accepts and delivers (daily-python's ColorFormat),
// named by their byte order in memory: "RGBA" is R, G, B, A bytes. libyuv names
// formats by the order inside a little-endian 32-bit word, so our RGBA is
// libyuv's "ABGR" and our RGB is libyuv's "RAW".
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <api/scoped_refptr.h>
#include <api/video/i420_buffer.h>

namespace dn::engine {

enum class ColorFormat { kRGBA, kBGRA, kARGB, kABGR, kRGB, kI420 };

// Largest width or height accepted for a video source or delivered frame.
constexpr int kMaxVideoDimension = 4096;

std::optional<ColorFormat> ParseColorFormat(const std::string& name);
const char* ColorFormatName(ColorFormat format);
const std::vector<std::string>& ColorFormatNames();

// Bytes of one packed frame: 4 per pixel, 3 for RGB, Y plus quarter-size U and
// V planes for I420 (chroma planes round up for odd sizes).
size_t FrameBytes(ColorFormat format, int width, int height);

// A reason why a frame size cannot be used as input, with the field it is about.
struct DimensionProblem {
  std::string field;  // "width" or "height"
  std::string reason;
};

// Sizes are 1..kMaxVideoDimension; I420 input must have even sides so that its
// byte length w*h*3/2 is exact.
std::optional<DimensionProblem> InputDimensionsProblem(ColorFormat format, int64_t width, int64_t height);

// Converts one packed frame (exactly FrameBytes(...) bytes) into a new I420 buffer.
rtc::scoped_refptr<webrtc::I420Buffer> ConvertToI420(const uint8_t* data, ColorFormat format, int width, int height);

// Converts an I420 image into a packed frame in `format`; `out` is resized.
void ConvertFromI420(const webrtc::I420BufferInterface& image, ColorFormat format, std::vector<uint8_t>& out);

}  // namespace dn::engine
