#include "engine/audio/paced_audio_queue.h"

#include <algorithm>
#include <cstring>

namespace dn::engine::audio {

std::function<void()> PacedAudioQueue::Due(Completion done, int64_t played, bool cleared) {
  return [done = std::move(done), played, cleared] {
    if (done) done(played, cleared);
  };
}

void PacedAudioQueue::Push(std::vector<int16_t> samples, Completion done) {
  queued_samples_ += samples.size();
  chunks_.push_back(Chunk{std::move(samples), 0, std::move(done)});
}

void PacedAudioQueue::PushMarker(Completion done) { chunks_.push_back(Chunk{{}, 0, std::move(done)}); }

void PacedAudioQueue::CompleteLeadingMarkers(std::vector<std::function<void()>>& due) {
  while (!chunks_.empty() && chunks_.front().samples.empty()) {
    due.push_back(Due(std::move(chunks_.front().done), 0, false));
    chunks_.pop_front();
  }
}

size_t PacedAudioQueue::TakeFrame(int16_t* out, std::vector<std::function<void()>>& due) {
  const size_t want = format_.SamplesPer10Ms();
  size_t filled = 0;
  CompleteLeadingMarkers(due);
  while (filled < want && !chunks_.empty()) {
    Chunk& c = chunks_.front();
    const size_t n = std::min(want - filled, c.samples.size() - c.offset);
    std::memcpy(out + filled, c.samples.data() + c.offset, n * sizeof(int16_t));
    filled += n;
    c.offset += n;
    queued_samples_ -= n;
    if (c.offset == c.samples.size()) CompleteFront(due);
  }
  if (filled < want) std::memset(out + filled, 0, (want - filled) * sizeof(int16_t));
  return filled;
}

void PacedAudioQueue::CompleteFront(std::vector<std::function<void()>>& due) {
  Chunk& c = chunks_.front();
  const int64_t played = int64_t((c.samples.size() - c.dropped) / size_t(format_.channels));
  due.push_back(Due(std::move(c.done), played, c.dropped > 0));
  chunks_.pop_front();
  CompleteLeadingMarkers(due);
}

int64_t PacedAudioQueue::DropFront(int64_t frames, std::vector<std::function<void()>>& due) {
  size_t left = size_t(std::max<int64_t>(frames, 0)) * size_t(format_.channels);
  size_t dropped = 0;
  CompleteLeadingMarkers(due);
  while (left > 0 && !chunks_.empty()) {
    Chunk& c = chunks_.front();
    const size_t n = std::min(left, c.samples.size() - c.offset);
    c.offset += n;
    c.dropped += n;
    left -= n;
    dropped += n;
    queued_samples_ -= n;
    if (c.offset == c.samples.size()) CompleteFront(due);
  }
  return int64_t(dropped / size_t(format_.channels));
}

int64_t PacedAudioQueue::Clear(std::vector<std::function<void()>>& due) {
  const int64_t dropped = queued_frames();
  for (Chunk& c : chunks_) {
    const int64_t played = int64_t((c.offset - c.dropped) / size_t(format_.channels));
    due.push_back(Due(std::move(c.done), played, !c.samples.empty()));
  }
  chunks_.clear();
  queued_samples_ = 0;
  return dropped;
}

}  // namespace dn::engine::audio
