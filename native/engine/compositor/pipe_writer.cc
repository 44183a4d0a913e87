#include "engine/compositor/pipe_writer.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

namespace dn::engine::compositor {
namespace {

constexpr auto kOpenRetry = std::chrono::milliseconds(10);
// How often a write waiting for the encoder looks whether the writer closed.
constexpr int kWritePollMs = 100;

}  // namespace

PipeWriter::PipeWriter(std::string path, size_t max_droppable)
    : path_(std::move(path)), max_droppable_(max_droppable), thread_([this] { Run(); }) {}

PipeWriter::~PipeWriter() {
  Close();
  thread_.join();
}

void PipeWriter::Close() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!closing_) last_progress_ = std::chrono::steady_clock::now();
    closing_ = true;
  }
  cv_.notify_all();
}

bool PipeWriter::PushDroppable(std::vector<uint8_t> head, std::vector<uint8_t> body) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!counters_.error.empty() || closing_) return false;
    if (droppable_queued_ >= max_droppable_) {
      ++counters_.left_out;
      return false;
    }
    ++droppable_queued_;
    if (droppable_queued_ > counters_.droppable_queued_max) counters_.droppable_queued_max = droppable_queued_;
    queued_bytes_ += head.size() + body.size();
    queue_.push_back({std::move(head), std::move(body), true});
  }
  cv_.notify_one();
  return true;
}

void PipeWriter::Push(std::vector<uint8_t> bytes) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!counters_.error.empty() || closing_) return;
    queued_bytes_ += bytes.size();
    queue_.push_back({std::move(bytes), {}, false});
  }
  cv_.notify_one();
}

PipeCounters PipeWriter::counters() const {
  std::lock_guard<std::mutex> lock(mu_);
  PipeCounters c = counters_;
  c.queued_bytes = queued_bytes_;
  return c;
}

void PipeWriter::Fail(const std::string& reason) {
  std::lock_guard<std::mutex> lock(mu_);
  if (counters_.error.empty()) counters_.error = path_ + ": " + reason;
  queue_.clear();
  droppable_queued_ = 0;
  queued_bytes_ = 0;
}

// A FIFO opened for writing blocks until a reader opens it; opening it
// non-blocking (ENXIO while there is no reader) and retrying lets a release
// end the wait. A closed writer still waits up to kDrainBound: an encoder
// opens its inputs one after another, the second only once it has probed the
// first, which a short recording's close is what ends.
int PipeWriter::OpenForWriting() {
  for (;;) {
    const int fd = ::open(path_.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd >= 0) return fd;  // kept non-blocking: WriteAll waits in poll, so a close can end the wait
    if (errno != ENXIO) {
      Fail(std::string("cannot open: ") + std::strerror(errno));
      return -1;
    }
    std::unique_lock<std::mutex> lock(mu_);
    if (closing_ && std::chrono::steady_clock::now() - last_progress_ > kDrainBound) {
      if (!queue_.empty()) counters_.error = path_ + ": the encoder never opened it; its bytes are left out";
      return -1;
    }
    cv_.wait_for(lock, kOpenRetry);
  }
}

bool PipeWriter::GaveUpOnReader() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!closing_) {
    last_progress_ = std::chrono::steady_clock::now();
    return false;
  }
  return std::chrono::steady_clock::now() - last_progress_ > kDrainBound;
}

bool PipeWriter::WriteAll(int fd, const std::vector<uint8_t>& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) {
      if (GaveUpOnReader()) {
        Fail("the encoder stopped reading; what it had not read at the close is left out");
        return false;
      }
      pollfd p{fd, POLLOUT, 0};
      ::poll(&p, 1, kWritePollMs);
      continue;
    }
    if (n <= 0) {
      Fail(std::string("write failed: ") + std::strerror(errno));
      return false;
    }
    done += size_t(n);
    std::lock_guard<std::mutex> lock(mu_);
    last_progress_ = std::chrono::steady_clock::now();
  }
  return true;
}

void PipeWriter::Run() {
  const int fd = OpenForWriting();
  if (fd < 0) return;
  for (;;) {
    Chunk chunk;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return closing_ || !queue_.empty(); });
      if (queue_.empty()) break;  // closing, and everything is written
      chunk = std::move(queue_.front());
      queue_.pop_front();
    }
    const bool ok = WriteAll(fd, chunk.head) && WriteAll(fd, chunk.body);
    std::lock_guard<std::mutex> lock(mu_);
    if (!ok) break;
    if (chunk.droppable) --droppable_queued_;
    queued_bytes_ -= chunk.head.size() + chunk.body.size();
    ++counters_.chunks_written;
    counters_.bytes_written += chunk.head.size() + chunk.body.size();
  }
  ::close(fd);
}

}  // namespace dn::engine::compositor
