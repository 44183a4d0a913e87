#include "common/fd_writer.h"

#include <sys/socket.h>
#include <sys/uio.h>
#include <cerrno>

namespace dn::channel {

bool FdWriter::Write(FrameKind kind, std::string_view json, const uint8_t* binary, size_t binary_len) {
  if (json.size() > kMaxJsonBytes || binary_len > kMaxBinaryBytes) return false;
  uint8_t header[kHeaderSize];
  EncodeHeader(kind, uint32_t(json.size()), uint32_t(binary_len), header);
  struct iovec iov[3] = {
      {header, kHeaderSize},
      {const_cast<char*>(json.data()), json.size()},
      {const_cast<uint8_t*>(binary), binary_len},
  };
  if (auto* batch = WriteBatch::Current()) return batch->Append(this, iov, binary_len ? 3 : 2);
  std::lock_guard<std::mutex> lock(mu_);
  return WriteAllLocked(iov, binary_len ? 3 : 2);
}

bool FdWriter::WriteRaw(const uint8_t* data, size_t len) {
  struct iovec iov[1] = {{const_cast<uint8_t*>(data), len}};
  std::lock_guard<std::mutex> lock(mu_);
  return WriteAllLocked(iov, 1);
}

bool FdWriter::broken() const {
  std::lock_guard<std::mutex> lock(mu_);
  return broken_;
}

void FdWriter::MarkBroken() {
  std::lock_guard<std::mutex> lock(mu_);
  broken_ = true;
}

bool FdWriter::WriteAllLocked(const struct iovec* iov_in, int count) {
  if (broken_ || fd_ < 0) return false;
  struct iovec iov[3];
  for (int i = 0; i < count; ++i) iov[i] = iov_in[i];
  int first = 0;
  while (first < count) {
    struct msghdr msg = {};
    msg.msg_iov = iov + first;
    msg.msg_iovlen = size_t(count - first);
    // sendmsg with MSG_NOSIGNAL: a dead peer gives EPIPE instead of killing us with SIGPIPE.
    ssize_t n = ::sendmsg(fd_, &msg, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      broken_ = true;
      return false;
    }
    size_t left = size_t(n);
    while (first < count && left >= iov[first].iov_len) {
      left -= iov[first].iov_len;
      ++first;
    }
    if (first < count) {
      iov[first].iov_base = static_cast<char*>(iov[first].iov_base) + left;
      iov[first].iov_len -= left;
    }
  }
  return true;
}

}  // namespace dn::channel

namespace dn::channel {
namespace {
thread_local WriteBatch* current_batch = nullptr;
}  // namespace

WriteBatch::WriteBatch(bool enabled) {
  if (!enabled || current_batch) return;
  active_ = true;
  current_batch = this;
}

WriteBatch::~WriteBatch() {
  if (!active_) return;
  current_batch = nullptr;
  Flush();
}

WriteBatch* WriteBatch::Current() { return current_batch; }

bool WriteBatch::Append(FdWriter* writer, const iovec* iov, int count) {
  if (writer != writer_) Flush();
  if (writer->broken()) return false;
  writer_ = writer;
  for (int i = 0; i < count; ++i) {
    const auto* base = static_cast<const uint8_t*>(iov[i].iov_base);
    bytes_.insert(bytes_.end(), base, base + iov[i].iov_len);
  }
  return true;
}

void WriteBatch::Flush() {
  if (writer_ && !bytes_.empty()) {
    const iovec all[1] = {{bytes_.data(), bytes_.size()}};
    std::lock_guard<std::mutex> lock(writer_->mu_);
    writer_->WriteAllLocked(all, 1);
  }
  bytes_.clear();
  writer_ = nullptr;
}

}  // namespace dn::channel
