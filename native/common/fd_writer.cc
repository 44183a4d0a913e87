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
