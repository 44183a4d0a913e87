// WriteBatch: frames written while a batch is open reach the reader whole, in
// order and only when the batch ends (one write); without a batch each goes at once.
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

#include "common/fd_writer.h"
#include "common/frame.h"
#include "test/test_harness.h"

using dn::channel::FdWriter;
using dn::channel::Frame;
using dn::channel::FrameKind;
using dn::channel::FrameParser;
using dn::channel::WriteBatch;

namespace {

// Everything readable now (non-blocking), parsed into frames.
std::vector<Frame> ReadNow(int fd) {
  std::vector<Frame> frames;
  FrameParser parser([&](Frame&& f) { frames.push_back(std::move(f)); }, [](const std::string&) {});
  uint8_t buf[4096];
  for (;;) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n <= 0) break;
    parser.Feed(buf, size_t(n));
  }
  return frames;
}

}  // namespace

DN_TEST(write_batch_sends_whole_frames_in_order_when_it_ends) {
  int fds[2];
  DN_CHECK(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
  FdWriter writer(fds[0]);
  const uint8_t pcm[4] = {1, 2, 3, 4};
  {
    WriteBatch batch;
    DN_CHECK(writer.Write(FrameKind::kData, R"({"n":1})", pcm, 4));
    DN_CHECK(writer.Write(FrameKind::kNotification, R"({"n":2})"));
    DN_CHECK(writer.Write(FrameKind::kData, R"({"n":3})", pcm, 2));
    DN_CHECK(ReadNow(fds[1]).empty());  // nothing sent while the batch is open
  }
  auto frames = ReadNow(fds[1]);
  DN_CHECK(frames.size() == 3);
  DN_CHECK(frames[0].json == R"({"n":1})" && frames[0].binary.size() == 4);
  DN_CHECK(frames[1].json == R"({"n":2})" && frames[1].kind == FrameKind::kNotification);
  DN_CHECK(frames[2].json == R"({"n":3})" && frames[2].binary.size() == 2);
  {
    WriteBatch off(/*enabled=*/false);
    DN_CHECK(writer.Write(FrameKind::kData, R"({"n":4})"));
    DN_CHECK(ReadNow(fds[1]).size() == 1);  // a disabled batch holds nothing back
  }
  ::close(fds[0]);
  ::close(fds[1]);
}
