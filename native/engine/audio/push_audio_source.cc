#include "engine/audio/push_audio_source.h"

#include <algorithm>

#include "engine/audio/ten_ms_clock.h"

namespace dn::engine::audio {

PushAudioSource::PushAudioSource(std::string id, AudioFormat format, bool auto_silence)
    : id_(std::move(id)),
      format_(format),
      auto_silence_(auto_silence),
      queue_(format),
      frame_(format.SamplesPer10Ms()) {}

std::string PushAudioSource::Enqueue(std::vector<int16_t> samples, PacedAudioQueue::Completion done) {
  const int64_t frames = int64_t(samples.size() / size_t(format_.channels));
  std::lock_guard<std::mutex> lock(queue_mu_);
  const int64_t limit = kMaxQueuedMs * format_.sample_rate / 1000;
  if (queue_.queued_frames() + frames > limit)
    return "writing " + std::to_string(format_.FramesToMs(frames)) + " ms would queue more than " +
           std::to_string(kMaxQueuedMs / 60000) + " minutes of audio (" +
           std::to_string(format_.FramesToMs(queue_.queued_frames())) + " ms are already queued)";
  queue_.Push(std::move(samples), std::move(done));
  return "";
}

void PushAudioSource::Drain(PacedAudioQueue::Completion done) {
  std::lock_guard<std::mutex> lock(queue_mu_);
  queue_.PushMarker(std::move(done));
}

int64_t PushAudioSource::Clear() {
  std::vector<std::function<void()>> due;
  int64_t dropped;
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    dropped = queue_.Clear(due);
  }
  RunAll(due);
  return dropped;
}

int64_t PushAudioSource::queued_frames() const {
  std::lock_guard<std::mutex> lock(queue_mu_);
  return queue_.queued_frames();
}

void PushAudioSource::Tick(int64_t scheduled_ns) {
  size_t taken;
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    taken = queue_.TakeFrame(frame_.data(), due_);
  }
  const bool full = taken == frame_.size();
  if (taken > 0 || auto_silence_) {
    std::lock_guard<std::mutex> lock(sinks_mu_);
    for (auto* sink : sinks_)
      sink->OnData(frame_.data(), 16, format_.sample_rate, size_t(format_.channels), format_.FramesPer10Ms());
  }
  if (taken > 0 || auto_silence_) stats_.OnFrame(scheduled_ns, TenMsClock::NowNs(), taken > 0, full);
  RunAll(due_);
}

void PushAudioSource::RunAll(std::vector<std::function<void()>>& due) {
  for (auto& f : due) f();
  due.clear();
}

void PushAudioSource::AddSink(webrtc::AudioTrackSinkInterface* sink) {
  std::lock_guard<std::mutex> lock(sinks_mu_);
  if (std::find(sinks_.begin(), sinks_.end(), sink) == sinks_.end()) sinks_.push_back(sink);
}

void PushAudioSource::RemoveSink(webrtc::AudioTrackSinkInterface* sink) {
  std::lock_guard<std::mutex> lock(sinks_mu_);
  sinks_.erase(std::remove(sinks_.begin(), sinks_.end(), sink), sinks_.end());
}

}  // namespace dn::engine::audio
