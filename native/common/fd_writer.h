// Thread-safe frame writer on a blocking stream file descriptor.
// Several threads (signaling, audio clock, video sinks, the JS thread) write
// frames; a mutex keeps each frame contiguous on the stream.
#pragma once

#include <sys/uio.h>
#include <cstdint>

#include <mutex>
#include <string_view>

#include "common/frame.h"

namespace dn::channel {

class FdWriter {
 public:
  explicit FdWriter(int fd) : fd_(fd) {}
  FdWriter(const FdWriter&) = delete;
  FdWriter& operator=(const FdWriter&) = delete;

  // Returns false once the peer is gone (EPIPE / closed fd); later calls fail fast.
  bool Write(FrameKind kind, std::string_view json, const uint8_t* binary = nullptr, size_t binary_len = 0);
  // Sends raw bytes as they are (used by tests of malformed input).
  bool WriteRaw(const uint8_t* data, size_t len);
  bool broken() const;
  void MarkBroken();

 private:
  bool WriteAllLocked(const iovec* iov, int count);

  int fd_;
  mutable std::mutex mu_;
  bool broken_ = false;
};

}  // namespace dn::channel
