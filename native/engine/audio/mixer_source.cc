#include "engine/audio/mixer_source.h"

#include <algorithm>
#include <limits>

namespace dn::engine::audio {

void MixerInput::OnData(const void* audio_data, int bits_per_sample, int sample_rate, size_t number_of_channels,
                        size_t number_of_frames) {
  if (!converter_.Convert(audio_data, bits_per_sample, sample_rate, number_of_channels, number_of_frames)) return;
  const auto& block = converter_.output();
  std::lock_guard<std::mutex> lock(mu_);
  fifo_.insert(fifo_.end(), block.begin(), block.end());
  if (fifo_.size() > kMaxBlocks * block.size())
    fifo_.erase(fifo_.begin(), fifo_.end() - long(kKeepBlocksAfterDrop * block.size()));
  started_.store(true);
}

bool MixerInput::AddTo(std::vector<int32_t>& sum) {
  std::lock_guard<std::mutex> lock(mu_);
  if (fifo_.size() < sum.size()) return false;
  for (size_t i = 0; i < sum.size(); ++i) sum[i] += fifo_[i];
  fifo_.erase(fifo_.begin(), fifo_.begin() + long(sum.size()));
  return true;
}

void SaturateTo16(const std::vector<int32_t>& sum, std::vector<int16_t>& out) {
  out.resize(sum.size());
  constexpr int32_t kMin = std::numeric_limits<int16_t>::min();
  constexpr int32_t kMax = std::numeric_limits<int16_t>::max();
  for (size_t i = 0; i < sum.size(); ++i) out[i] = int16_t(std::clamp(sum[i], kMin, kMax));
}

MixerSource::MixerSource(std::string id, AudioFormat format, rtc::Thread* signaling)
    : id_(std::move(id)),
      format_(format),
      signaling_(signaling),
      sum_(format.SamplesPer10Ms()),
      frame_(format.SamplesPer10Ms()) {}

MixerSource::~MixerSource() = default;

template <typename Fn>
void MixerSource::OnSignaling(Fn&& fn) {
  if (signaling_->IsCurrent())
    fn();
  else
    signaling_->BlockingCall(std::forward<Fn>(fn));
}

void MixerSource::SetInputs(const std::vector<std::string>& ids, const TrackLookup& lookup) {
  OnSignaling([&] {
    wanted_ = std::set<std::string>(ids.begin(), ids.end());
    std::vector<std::string> stale;
    {
      std::lock_guard<std::mutex> lock(inputs_mu_);
      for (const auto& [id, entry] : attached_)
        if (!wanted_.count(id)) stale.push_back(id);
    }
    for (const auto& id : stale) Detach(id);
    for (const auto& id : wanted_) {
      if (TrackRef track = lookup(id)) Attach(id, track);
    }
  });
}

void MixerSource::OnTrackAdded(const std::string& id, const TrackRef& track) {
  OnSignaling([&] {
    if (wanted_.count(id)) Attach(id, track);
  });
}

void MixerSource::OnTrackRemoved(const std::string& id) {
  OnSignaling([&] { Detach(id); });
}

void MixerSource::DetachAll() {
  OnSignaling([&] {
    wanted_.clear();
    std::vector<std::string> all;
    {
      std::lock_guard<std::mutex> lock(inputs_mu_);
      for (const auto& [id, entry] : attached_) all.push_back(id);
    }
    for (const auto& id : all) Detach(id);
  });
}

void MixerSource::Attach(const std::string& id, const TrackRef& track) {
  if (!track || track->kind() != webrtc::MediaStreamTrackInterface::kAudioKind) return;
  rtc::scoped_refptr<webrtc::AudioTrackInterface> audio(static_cast<webrtc::AudioTrackInterface*>(track.get()));
  {
    std::lock_guard<std::mutex> lock(inputs_mu_);
    auto it = attached_.find(id);
    if (it != attached_.end() && it->second.track.get() == audio.get()) return;  // already attached
  }
  Detach(id);  // the id now names another track
  Attached entry{audio, std::make_shared<MixerInput>(format_)};
  audio->AddSink(entry.input.get());
  std::lock_guard<std::mutex> lock(inputs_mu_);
  attached_.emplace(id, std::move(entry));
}

void MixerSource::Detach(const std::string& id) {
  Attached entry;
  {
    std::lock_guard<std::mutex> lock(inputs_mu_);
    auto it = attached_.find(id);
    if (it == attached_.end()) return;
    entry = std::move(it->second);
    attached_.erase(it);
  }
  // Once RemoveSink returns the track no longer calls the input.
  entry.track->RemoveSink(entry.input.get());
}

void MixerSource::Tick() {
  std::fill(sum_.begin(), sum_.end(), 0);
  {
    std::lock_guard<std::mutex> lock(inputs_mu_);
    for (auto& [id, entry] : attached_) {
      if (!entry.input->AddTo(sum_) && entry.input->started()) underruns_.fetch_add(1);
    }
  }
  SaturateTo16(sum_, frame_);
  {
    std::lock_guard<std::mutex> lock(sinks_mu_);
    for (auto* sink : sinks_)
      sink->OnData(frame_.data(), 16, format_.sample_rate, size_t(format_.channels), format_.FramesPer10Ms());
  }
  frames_mixed_.fetch_add(1);
}

MixerCounters MixerSource::counters() const {
  MixerCounters c;
  {
    std::lock_guard<std::mutex> lock(inputs_mu_);
    c.inputs = int64_t(attached_.size());
  }
  c.frames_mixed = frames_mixed_.load();
  c.underruns = underruns_.load();
  return c;
}

void MixerSource::AddSink(webrtc::AudioTrackSinkInterface* sink) {
  std::lock_guard<std::mutex> lock(sinks_mu_);
  if (std::find(sinks_.begin(), sinks_.end(), sink) == sinks_.end()) sinks_.push_back(sink);
}

void MixerSource::RemoveSink(webrtc::AudioTrackSinkInterface* sink) {
  std::lock_guard<std::mutex> lock(sinks_mu_);
  sinks_.erase(std::remove(sinks_.begin(), sinks_.end(), sink), sinks_.end());
}

}  // namespace dn::engine::audio
