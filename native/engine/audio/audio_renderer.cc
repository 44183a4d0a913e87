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
      block_format_{EngineRateFor(out.sample_rate), out.channels},
      interval_ms_(interval_ms),
      channel_(channel),
      converter_(block_format_) {
  if (block_format_.sample_rate != out_.sample_rate)
    to_out_rate_ = std::make_unique<StreamResampler>(block_format_.sample_rate, out_.sample_rate, out_.channels);
  pending_.reserve(2 * NextIntervalFrames() * size_t(out_.channels));
}

size_t AudioRenderer::NextIntervalFrames() const {
  // Frames due by the end of callback n, minus those due by its start: whole
  // counts whose sum never drifts from the rate.
  const auto due = [this](uint64_t n) { return n * uint64_t(out_.sample_rate) * uint64_t(interval_ms_) / 1000; };
  const uint64_t n = delivered_.load();
  return size_t(due(n + 1) - due(n));
}

void AudioRenderer::OnData(const void* audio_data, int bits_per_sample, int sample_rate, size_t number_of_channels,
                           size_t number_of_frames) {
  if (pending_.empty()) first_block_us_ = WallClockUs();
  if (!converter_.Convert(audio_data, bits_per_sample, sample_rate, number_of_channels, number_of_frames)) {
    ++rejected_blocks_;
    return;
  }
  const std::vector<int16_t>* out = &converter_.output();
  if (to_out_rate_) {
    at_out_rate_.clear();
    to_out_rate_->Push(out->data(), out->size() / size_t(out_.channels), at_out_rate_);
    out = &at_out_rate_;
  }
  pending_.insert(pending_.end(), out->begin(), out->end());
  for (size_t frames = NextIntervalFrames(); pending_.size() >= frames * size_t(out_.channels);
       frames = NextIntervalFrames())
    Emit(frames);
}

void AudioRenderer::Emit(size_t frames) {
  const size_t samples = frames * size_t(out_.channels);
  nlohmann::json header = {{"type", protocol::data::kAudioRender.value},
                           {"rendererId", id_},
                           {"bitsPerSample", 16},
                           {"sampleRate", out_.sample_rate},
                           {"numChannels", out_.channels},
                           {"numAudioFrames", frames},
                           {"timestampUs", first_block_us_}};
  channel_->SendData(header, reinterpret_cast<const uint8_t*>(pending_.data()), samples * sizeof(int16_t));
  ++delivered_;
  pending_.erase(pending_.begin(), pending_.begin() + long(samples));
  if (!pending_.empty()) first_block_us_ = WallClockUs();
}

}  // namespace dn::engine::audio
