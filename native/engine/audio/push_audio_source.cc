#include "engine/audio/push_audio_source.h"

#include <algorithm>

#include <rtc_base/logging.h>

#include "engine/audio/ten_ms_clock.h"

namespace dn::engine::audio {

PushAudioSource::PushAudioSource(std::string id, AudioFormat format, bool auto_silence)
    : id_(std::move(id)),
      format_(format),
      auto_silence_(auto_silence),
      queue_(format),
      frame_(format.SamplesPer10Ms()) {}

std::string PushAudioSource::Write(std::vector<int16_t> samples, PacedAudioQueue::Completion done) {
  std::lock_guard<std::mutex> lock(input_mu_);
  if (!input_) return Enqueue(std::move(samples), std::move(done));
  std::vector<int16_t> converted;
  input_->Push(samples.data(), samples.size() / size_t(format_.channels), converted);
  return Enqueue(std::move(converted), std::move(done));
}

std::shared_ptr<VoiceProcessor> PushAudioSource::SetProcessing(VoiceProcessing settings) {
  std::lock_guard<std::mutex> lock(processor_mu_);
  if (!settings.any())
    processor_.reset();
  else if (processor_)
    processor_->Apply(settings);
  else
    processor_ = std::make_shared<VoiceProcessor>(settings);
  return processor_;
}

void PushAudioSource::FlushInputIfShort() {
  // A write in progress on the channel thread will queue audio soon: never wait for it on the clock thread.
  std::unique_lock<std::mutex> lock(input_mu_, std::try_to_lock);
  if (!lock.owns_lock() || !input_ || input_->pending_frames() == 0) return;
  if (queued_frames() >= int64_t(format_.FramesPer10Ms())) return;
  flushed_.clear();
  input_->Flush(flushed_);
  std::lock_guard<std::mutex> queue_lock(queue_mu_);
  queue_.Push(flushed_, nullptr);
}

std::string PushAudioSource::Enqueue(std::vector<int16_t> samples, PacedAudioQueue::Completion done) {
  const int64_t frames = int64_t(samples.size() / size_t(format_.channels));
  std::lock_guard<std::mutex> lock(queue_mu_);
  const int64_t limit = kMaxQueuedMs * format_.sample_rate / 1000;
  if (queue_.queued_frames() + frames > limit)
    return "writing " + std::to_string(format_.FramesToMs(frames)) + " ms would queue more than " +
           std::to_string(kMaxQueuedMs / 60000) + " minutes of audio (" +
           std::to_string(format_.FramesToMs(queue_.queued_frames())) + " ms are already queued)";
  queue_.Push(std::move(samples), std::move(done));
  if (catch_up_) catch_up_->OnWrite(frames, TenMsClock::NowNs());
  return "";
}

void PushAudioSource::Drain(PacedAudioQueue::Completion done) {
  // Whoever waits for the end wants the resampler's last frames too.
  std::lock_guard<std::mutex> input_lock(input_mu_);
  std::lock_guard<std::mutex> lock(queue_mu_);
  if (input_ && input_->pending_frames() > 0) {
    std::vector<int16_t> tail;
    input_->Flush(tail);
    queue_.Push(std::move(tail), nullptr);
  }
  queue_.PushMarker(std::move(done));
}

int64_t PushAudioSource::Clear() {
  std::vector<std::function<void()>> due;
  int64_t dropped;
  {
    std::lock_guard<std::mutex> input_lock(input_mu_);
    if (input_) input_->Discard();
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
  FlushInputIfShort();
  size_t taken;
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    taken = TakeFrameLocked(scheduled_ns);
  }
  const bool full = taken == frame_.size();
  std::shared_ptr<VoiceProcessor> processor;
  {
    std::lock_guard<std::mutex> lock(processor_mu_);
    processor = processor_;
  }
  if (processor && (taken > 0 || auto_silence_)) processor->ProcessCapture(frame_.data(), format_);
  if (taken > 0 || auto_silence_) {
    std::lock_guard<std::mutex> lock(sinks_mu_);
    for (auto* sink : sinks_)
      sink->OnData(frame_.data(), 16, format_.sample_rate, size_t(format_.channels), format_.FramesPer10Ms());
  }
  if (taken > 0 || auto_silence_) stats_.OnFrame(scheduled_ns, TenMsClock::NowNs(), taken > 0, full);
  RunAll(due_);
}

size_t PushAudioSource::TakeFrameLocked(int64_t scheduled_ns) {
  if (!catch_up_) return queue_.TakeFrame(frame_.data(), due_);
  const int64_t now = TenMsClock::NowNs();
  const uint64_t stalls = catch_up_->stalls_caught_up();
  // Nearly every tick has nothing to drop: the queue is left alone then.
  const int64_t to_drop = catch_up_->FramesToDrop(queue_.queued_frames(), now);
  const int64_t dropped = to_drop > 0 ? queue_.DropFront(to_drop, due_) : 0;
  if (catch_up_->stalls_caught_up() != stalls)
    RTC_LOG(LS_WARNING) << "audio source " << id_ << ": its writer caught up after a "
                        << format_.FramesToMs(catch_up_->last_stall_frames()) << " ms stall; dropping up to that much "
                        << "late audio so the stream stays real time (" << format_.FramesToMs(dropped)
                        << " ms dropped now)";
  const size_t taken = queue_.TakeFrame(frame_.data(), due_);
  catch_up_->OnTick(scheduled_ns, int64_t(taken / size_t(format_.channels)), now);
  return taken;
}

uint64_t PushAudioSource::late_dropped_frames() const {
  std::lock_guard<std::mutex> lock(queue_mu_);
  return catch_up_ ? catch_up_->dropped_frames() : 0;
}

uint64_t PushAudioSource::stalls_caught_up() const {
  std::lock_guard<std::mutex> lock(queue_mu_);
  return catch_up_ ? catch_up_->stalls_caught_up() : 0;
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
