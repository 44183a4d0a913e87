#include "engine/audio/speaker_device.h"

#include <algorithm>

namespace dn::engine::audio {

SpeakerDevice::SpeakerDevice(std::string id, AudioFormat format)
    : id_(std::move(id)),
      format_(format),
      playout_format_{EngineRateFor(format.sample_rate), format.channels},
      capacity_samples_(size_t(kBufferMs * format.sample_rate / 1000) * size_t(format.channels)) {
  if (playout_format_.sample_rate != format_.sample_rate)
    resampler_ = std::make_unique<StreamResampler>(playout_format_.sample_rate, format_.sample_rate, format_.channels);
}

size_t SpeakerDevice::TakeBuffered(std::vector<int16_t>& into, size_t max_samples) {
  const size_t n = std::min(max_samples, ring_.size());
  into.insert(into.end(), ring_.begin(), ring_.begin() + long(n));
  ring_.erase(ring_.begin(), ring_.begin() + long(n));
  return n;
}

void SpeakerDevice::OnPlayout(const int16_t* samples, size_t frames) {
  if (!resampler_) return Deliver(samples, frames * size_t(format_.channels));
  converted_.clear();
  resampler_->Push(samples, frames, converted_);
  if (!converted_.empty()) Deliver(converted_.data(), converted_.size());
}

void SpeakerDevice::Deliver(const int16_t* samples, size_t count) {
  std::vector<PendingRead> finished;
  {
    std::lock_guard<std::mutex> lock(mu_);
    const int16_t* p = samples;
    while (count > 0 && !pending_.empty()) {
      PendingRead& r = pending_.front();
      const size_t n = std::min(count, r.wanted_samples - r.samples.size());
      r.samples.insert(r.samples.end(), p, p + n);
      p += n;
      count -= n;
      if (r.samples.size() == r.wanted_samples) {
        finished.push_back(std::move(r));
        pending_.pop_front();
      }
    }
    ring_.insert(ring_.end(), p, p + count);
    if (ring_.size() > capacity_samples_) {
      const size_t drop = ring_.size() - capacity_samples_;
      ring_.erase(ring_.begin(), ring_.begin() + long(drop));
      dropped_samples_ += drop;
    }
  }
  for (auto& r : finished) r.done(std::move(r.samples), true);
}

void SpeakerDevice::Read(int64_t frames, bool wait, ReadDone done) {
  const size_t wanted = size_t(frames) * size_t(format_.channels);
  std::vector<int16_t> got;
  {
    std::lock_guard<std::mutex> lock(mu_);
    // Reads are served in order: an earlier pending read takes audio first.
    if (pending_.empty()) TakeBuffered(got, wanted);
    if (wait && got.size() < wanted) {
      pending_.push_back(PendingRead{wanted, std::move(got), std::move(done)});
      return;
    }
  }
  const bool complete = got.size() == wanted || !wait;
  done(std::move(got), complete);
}

void SpeakerDevice::CutPendingReads() {
  std::deque<PendingRead> cut;
  {
    std::lock_guard<std::mutex> lock(mu_);
    cut.swap(pending_);
  }
  for (auto& r : cut) r.done(std::move(r.samples), false);
}

int64_t SpeakerDevice::buffered_frames() const {
  std::lock_guard<std::mutex> lock(mu_);
  return int64_t(ring_.size() / size_t(format_.channels));
}

uint64_t SpeakerDevice::dropped_frames() const {
  std::lock_guard<std::mutex> lock(mu_);
  return dropped_samples_ / uint64_t(format_.channels);
}

}  // namespace dn::engine::audio
