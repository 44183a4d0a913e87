#include "engine/audio/audio_renderer.h"

#include <chrono>
#include <cstring>

#include "engine/channel/engine_channel.h"

namespace dn::engine::audio {
namespace {

int64_t WallClockUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

AudioRenderer::AudioRenderer(std::string id, AudioFormat out, int interval_ms, EngineChannel* channel)
    : id_(std::move(id)),
      out_(out),
      interval_samples_(out.SamplesPer10Ms() * size_t(interval_ms / 10)),
      channel_(channel),
      converter_(out) {
  pending_.reserve(interval_samples_);
}

void AudioRenderer::OnData(const void* audio_data, int bits_per_sample, int sample_rate, size_t number_of_channels,
                           size_t number_of_frames) {
  if (pending_.empty()) first_block_us_ = WallClockUs();
  if (!converter_.Convert(audio_data, bits_per_sample, sample_rate, number_of_channels, number_of_frames)) {
    ++rejected_blocks_;
    return;
  }
  const auto& converted = converter_.output();
  pending_.insert(pending_.end(), converted.begin(), converted.end());
  if (pending_.size() >= interval_samples_) Emit();
}

void AudioRenderer::Emit() {
  const size_t frames = interval_samples_ / size_t(out_.channels);
  nlohmann::json header = {{"type", protocol::data::kAudioRender.value},
                           {"rendererId", id_},
                           {"bitsPerSample", 16},
                           {"sampleRate", out_.sample_rate},
                           {"numChannels", out_.channels},
                           {"numAudioFrames", frames},
                           {"timestampUs", first_block_us_}};
  channel_->SendData(header, reinterpret_cast<const uint8_t*>(pending_.data()), interval_samples_ * sizeof(int16_t));
  ++delivered_;
  pending_.erase(pending_.begin(), pending_.begin() + long(interval_samples_));
  if (!pending_.empty()) first_block_us_ = WallClockUs();
}

}  // namespace dn::engine::audio
