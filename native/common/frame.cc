#include "common/frame.h"

#include <cstring>

namespace dn::channel {
namespace {

uint32_t ReadU32(const uint8_t* p) {
  return uint32_t(p[0]) | (uint32_t(p[1]) << 8) | (uint32_t(p[2]) << 16) | (uint32_t(p[3]) << 24);
}

void WriteU32(uint8_t* p, uint32_t v) {
  p[0] = uint8_t(v);
  p[1] = uint8_t(v >> 8);
  p[2] = uint8_t(v >> 16);
  p[3] = uint8_t(v >> 24);
}

}  // namespace

bool IsValidKind(uint8_t kind) { return kind >= uint8_t(FrameKind::kRequest) && kind <= uint8_t(FrameKind::kData); }

const char* KindName(FrameKind kind) {
  switch (kind) {
    case FrameKind::kRequest:
      return "request";
    case FrameKind::kResponse:
      return "response";
    case FrameKind::kNotification:
      return "notification";
    case FrameKind::kLog:
      return "log";
    case FrameKind::kData:
      return "data";
  }
  return "unknown";
}

void EncodeHeader(FrameKind kind, uint32_t json_len, uint32_t binary_len, uint8_t out[kHeaderSize]) {
  out[0] = uint8_t(kMagic & 0xff);
  out[1] = uint8_t(kMagic >> 8);
  out[2] = uint8_t(kind);
  out[3] = 0;
  WriteU32(out + 4, json_len);
  WriteU32(out + 8, binary_len);
}

std::vector<uint8_t> EncodeFrame(FrameKind kind, std::string_view json, const uint8_t* binary, size_t binary_len) {
  std::vector<uint8_t> out(kHeaderSize + json.size() + binary_len);
  EncodeHeader(kind, uint32_t(json.size()), uint32_t(binary_len), out.data());
  std::memcpy(out.data() + kHeaderSize, json.data(), json.size());
  if (binary_len) std::memcpy(out.data() + kHeaderSize + json.size(), binary, binary_len);
  return out;
}

FrameParser::FrameParser(FrameHandler on_frame, ErrorHandler on_error)
    : on_frame_(std::move(on_frame)), on_error_(std::move(on_error)) {}

void FrameParser::Feed(const uint8_t* data, size_t len) {
  buffer_.insert(buffer_.end(), data, data + len);
  while (ParseOne()) {
  }
  Compact();
}

bool FrameParser::ParseOne() {
  const size_t available = buffer_.size() - offset_;
  if (available < 2) return false;
  const uint8_t* p = buffer_.data() + offset_;
  const uint16_t magic = uint16_t(p[0]) | uint16_t(p[1] << 8);
  if (magic != kMagic) {
    if (!resyncing_) on_error_("bad frame magic; skipping bytes until the next frame");
    resyncing_ = true;
    ++offset_;
    return true;
  }
  if (available < kHeaderSize) return false;
  const uint8_t kind = p[2];
  const uint8_t flags = p[3];
  const uint32_t json_len = ReadU32(p + 4);
  const uint32_t binary_len = ReadU32(p + 8);
  std::string problem;
  if (!IsValidKind(kind))
    problem = "unknown frame kind " + std::to_string(kind);
  else if (flags != 0)
    problem = "reserved frame flags set";
  else if (json_len > kMaxJsonBytes)
    problem = "JSON part too large (" + std::to_string(json_len) + " bytes)";
  else if (binary_len > kMaxBinaryBytes)
    problem = "binary part too large (" + std::to_string(binary_len) + " bytes)";
  if (!problem.empty()) {
    on_error_("malformed frame header: " + problem);
    resyncing_ = true;
    ++offset_;
    return true;
  }
  const size_t total = kHeaderSize + size_t(json_len) + size_t(binary_len);
  if (available < total) return false;
  resyncing_ = false;
  Frame frame;
  frame.kind = FrameKind(kind);
  frame.json.assign(reinterpret_cast<const char*>(p + kHeaderSize), json_len);
  frame.binary.assign(p + kHeaderSize + json_len, p + total);
  offset_ += total;
  on_frame_(std::move(frame));
  return true;
}

void FrameParser::Compact() {
  if (offset_ == 0) return;
  buffer_.erase(buffer_.begin(), buffer_.begin() + ptrdiff_t(offset_));
  offset_ = 0;
}

}  // namespace dn::channel
