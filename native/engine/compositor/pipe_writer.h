// Writes chunks to a path (normally a FIFO an encoder reads) on its own thread,
// so neither the compositor's clock nor the playout thread ever waits for the
// encoder. Pictures are "droppable": when `max_droppable` of them already wait,
// a new one is left out (the one before it lasts longer in the file). Sound is
// never left out; the owner watches queued_bytes() to give up on an encoder
// that cannot catch up.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace dn::engine::compositor {

struct PipeCounters {
  uint64_t chunks_written = 0;
  uint64_t bytes_written = 0;
  uint64_t left_out = 0;
  uint64_t droppable_queued_max = 0;
  uint64_t queued_bytes = 0;
  std::string error;  // empty while the pipe works
};

class PipeWriter {
 public:
  // After Close, an encoder that reads nothing for this long is given up on
  // (the rest of the queue is left out), so a stuck encoder cannot hold a
  // release forever.
  static constexpr std::chrono::seconds kDrainBound{3};

  PipeWriter(std::string path, size_t max_droppable);
  // Writes what is queued (unless the pipe failed), closes the file and joins.
  ~PipeWriter();
  // Takes no more chunks; the thread writes what is queued, then closes the
  // file. Returns at once. An encoder reads its inputs interleaved, so every
  // writer of one encoder is closed before any is joined: joining the picture
  // writer first waited on a full picture pipe while ffmpeg waited for the end
  // of the sound, which only the next destructor would have closed.
  void Close();
  PipeWriter(const PipeWriter&) = delete;
  PipeWriter& operator=(const PipeWriter&) = delete;

  // Both halves are written together (a header and the picture it announces).
  // False when the chunk was left out.
  bool PushDroppable(std::vector<uint8_t> head, std::vector<uint8_t> body);
  void Push(std::vector<uint8_t> bytes);
  PipeCounters counters() const;

 private:
  struct Chunk {
    std::vector<uint8_t> head;
    std::vector<uint8_t> body;
    bool droppable = false;
  };
  void Run();
  int OpenForWriting();
  bool WriteAll(int fd, const std::vector<uint8_t>& bytes);
  // True once closed and the reader has taken nothing for kDrainBound.
  bool GaveUpOnReader();
  void Fail(const std::string& reason);

  const std::string path_;
  const size_t max_droppable_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Chunk> queue_;
  size_t droppable_queued_ = 0;
  size_t queued_bytes_ = 0;
  bool closing_ = false;
  std::chrono::steady_clock::time_point last_progress_;  // the last byte the reader took, or the close
  PipeCounters counters_;
  std::thread thread_;  // last: starts after every member above exists
};

}  // namespace dn::engine::compositor
