// Thread-safe frame writer on a blocking stream file descriptor.
// Several threads (signaling, audio clock, video sinks, the JS thread) write
// frames; a mutex keeps each frame contiguous on the stream.
#pragma once

#include <sys/uio.h>
#include <cstdint>

#include <mutex>
#include <string_view>
#include <vector>

#include "common/frame.h"

namespace dn::channel {

class WriteBatch;

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
  friend class WriteBatch;
  bool WriteAllLocked(const iovec* iov, int count);

  int fd_;
  mutable std::mutex mu_;
  bool broken_ = false;
};

}  // namespace dn::channel

namespace dn::channel {

// While one is open on a thread, FdWriter::Write on that thread appends whole
// frames to a buffer that the batch sends with one sendmsg when it ends: the
// frames of one audio tick (a renderer's block each) then cost one system
// call and one wake-up of the reader instead of one each. Frames stay whole
// and in order; a write to another writer sends what was batched first.
class WriteBatch {
 public:
  // `enabled` false: writes go out at once, as without a batch. Nested batches leave the outer one in charge.
  explicit WriteBatch(bool enabled = true);
  ~WriteBatch();
  WriteBatch(const WriteBatch&) = delete;
  WriteBatch& operator=(const WriteBatch&) = delete;

  // The batch open on this thread, or null.
  static WriteBatch* Current();
  // Appends a frame for `writer`; false if `writer` is broken.
  bool Append(FdWriter* writer, const iovec* iov, int count);

 private:
  void Flush();

  bool active_ = false;
  FdWriter* writer_ = nullptr;
  std::vector<uint8_t> bytes_;
};

}  // namespace dn::channel
