// Audio written ahead of time, taken out in exact 10 ms frames by the pacer.
// Each write keeps a completion that runs once its last sample has been taken
// (played out), or when the queue is cleared (with the frames that did play).
// Not thread-safe: the owning source locks around it.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <vector>

#include "engine/audio/audio_format.h"

namespace dn::engine::audio {

class PacedAudioQueue {
 public:
  // played_frames: frames of this write that were played; cleared: the rest was dropped.
  using Completion = std::function<void(int64_t played_frames, bool cleared)>;

  explicit PacedAudioQueue(AudioFormat format) : format_(format) {}

  void Push(std::vector<int16_t> samples, Completion done);
  // A marker that completes when everything queued before it has played.
  void PushMarker(Completion done);
  // Fills one 10 ms frame. Returns the samples taken from the queue (0 when it
  // was empty); a partial frame is padded with silence. Completions that became
  // due are appended to `due` so they can run outside the owner's lock.
  size_t TakeFrame(int16_t* out, std::vector<std::function<void()>>& due);
  // Drops everything queued; the completions are appended to `due`.
  int64_t Clear(std::vector<std::function<void()>>& due);
  // Drops up to `frames` from the head (audio that arrived too late to play on
  // time); a write with dropped frames completes as cleared, with the frames that
  // did play. Returns the frames dropped.
  int64_t DropFront(int64_t frames, std::vector<std::function<void()>>& due);

  int64_t queued_frames() const { return int64_t(queued_samples_ / size_t(format_.channels)); }
  bool empty() const { return chunks_.empty(); }

 private:
  struct Chunk {
    std::vector<int16_t> samples;
    size_t offset = 0;
    Completion done;
    size_t dropped = 0;  // samples of `samples` dropped by DropFront, all before `offset`
  };
  static std::function<void()> Due(Completion done, int64_t played, bool cleared);
  void CompleteLeadingMarkers(std::vector<std::function<void()>>& due);
  void CompleteFront(std::vector<std::function<void()>>& due);

  AudioFormat format_;
  std::deque<Chunk> chunks_;
  size_t queued_samples_ = 0;
};

}  // namespace dn::engine::audio
