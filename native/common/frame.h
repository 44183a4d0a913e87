// Channel framing shared by the addon and the engine.
//
// Every frame is a 12-byte header, a UTF-8 JSON text and an optional binary
// payload (audio samples, video pixels):
//
//   offset 0  u16  magic 0x4E44 ("DN" little-endian)
//   offset 2  u8   kind (FrameKind)
//   offset 3  u8   flags (reserved, must be 0)
//   offset 4  u32  JSON length (little-endian, <= kMaxJsonBytes)
//   offset 8  u32  binary length (little-endian, <= kMaxBinaryBytes)
//
// The magic lets a reader resynchronise after garbage: a malformed header is
// reported, one byte is dropped, and the reader scans for the next magic.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "generated/engine_protocol.h"

namespace dn::channel {

// Generated from src/engine/frame-kind.ts:
//   kRequest       TS -> engine: {"id", "method", "data"}
//   kResponse      engine -> TS: {"id", "ok", "data" | "error"}
//   kNotification  engine -> TS: {"event", "data"}
//   kLog           engine -> TS: {"level", "message", "source"}
//   kData          either way: {"type", ...} + binary payload
using FrameKind = protocol::FrameKind;

constexpr uint16_t kMagic = 0x4E44;
constexpr size_t kHeaderSize = 12;
constexpr uint32_t kMaxJsonBytes = 1u << 20;     // 1 MiB
constexpr uint32_t kMaxBinaryBytes = 64u << 20;  // 64 MiB (a 4K RGBA frame is 33 MB)

bool IsValidKind(uint8_t kind);
const char* KindName(FrameKind kind);

struct Frame {
  FrameKind kind = FrameKind::kNotification;
  std::string json;
  std::vector<uint8_t> binary;
};

// Writes the 12-byte header for a frame into `out`.
void EncodeHeader(FrameKind kind, uint32_t json_len, uint32_t binary_len, uint8_t out[kHeaderSize]);

// Encodes a whole frame into one buffer (tests and small frames).
std::vector<uint8_t> EncodeFrame(FrameKind kind, std::string_view json, const uint8_t* binary = nullptr,
                                 size_t binary_len = 0);

// Incremental decoder: feed it bytes as they arrive from a stream.
class FrameParser {
 public:
  using FrameHandler = std::function<void(Frame&&)>;
  using ErrorHandler = std::function<void(const std::string& reason)>;

  FrameParser(FrameHandler on_frame, ErrorHandler on_error);

  void Feed(const uint8_t* data, size_t len);
  size_t buffered() const { return buffer_.size() - offset_; }

 private:
  // Returns false when more bytes are needed.
  bool ParseOne();
  void Compact();

  FrameHandler on_frame_;
  ErrorHandler on_error_;
  std::vector<uint8_t> buffer_;
  size_t offset_ = 0;
  bool resyncing_ = false;
};

}  // namespace dn::channel
