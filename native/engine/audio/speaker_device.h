// A virtual speaker: while selected it receives the playout mix every 10 ms at
// its own rate and channel count. Audio nobody has asked for yet waits in a
// ring of kBufferMs (the oldest is dropped when it is full); blocking reads
// wait until they have all their frames, collecting them as they play.
// A speaker at a rate the playout does not run at (22050, 11025 Hz...) is fed
// at the next rate it does and converted by a StreamResampler.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/audio/stream_resampler.h"
#include "engine/audio/virtual_adm.h"

namespace dn::engine::audio {

class SpeakerDevice : public PlayoutTarget {
 public:
  static constexpr int64_t kBufferMs = 1000;
  static constexpr int64_t kMaxReadMs = 60 * 1000;

  // frames: what was read; complete: false when the read was cut short.
  using ReadDone = std::function<void(std::vector<int16_t> samples, bool complete)>;

  SpeakerDevice(std::string id, AudioFormat format);

  const std::string& id() const { return id_; }
  // The format reads deliver (the one the speaker was created with).
  AudioFormat device_format() const { return format_; }
  // The format the playout is pulled in for this speaker.
  AudioFormat format() const override { return playout_format_; }
  void OnPlayout(const int16_t* samples, size_t frames) override;

  // wait=false: answers at once with what is buffered (up to `frames`).
  void Read(int64_t frames, bool wait, ReadDone done);
  // Ends every pending read with what it has collected so far.
  void CutPendingReads();
  int64_t buffered_frames() const;
  uint64_t dropped_frames() const;

 private:
  struct PendingRead {
    size_t wanted_samples;
    std::vector<int16_t> samples;
    ReadDone done;
  };
  size_t TakeBuffered(std::vector<int16_t>& into, size_t max_samples);
  void Deliver(const int16_t* samples, size_t count);

  const std::string id_;
  const AudioFormat format_;
  const AudioFormat playout_format_;
  std::unique_ptr<StreamResampler> resampler_;  // only when the two formats' rates differ
  std::vector<int16_t> converted_;              // playout clock thread only
  const size_t capacity_samples_;
  mutable std::mutex mu_;
  std::deque<int16_t> ring_;
  std::deque<PendingRead> pending_;
  uint64_t dropped_samples_ = 0;
};

}  // namespace dn::engine::audio
