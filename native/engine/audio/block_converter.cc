#include "engine/audio/block_converter.h"

namespace dn::engine::audio {

bool BlockConverter::Convert(const void* audio_data, int bits_per_sample, int sample_rate, size_t channels,
                             size_t frames) {
  if (bits_per_sample != 16 || sample_rate < 8000 || sample_rate > 192000 || sample_rate % 100 != 0 ||
      frames != size_t(sample_rate / 100) || channels < 1 || channels > 8)
    return false;
  remixed_.resize(frames * size_t(out_.channels));
  RemixChannels(static_cast<const int16_t*>(audio_data), int(channels), remixed_.data(), out_.channels, frames);
  converted_.resize(out_.SamplesPer10Ms());
  if (sample_rate == out_.sample_rate) {
    converted_ = remixed_;
    return true;
  }
  if (resampler_.InitializeIfNeeded(sample_rate, out_.sample_rate, out_.channels) != 0) return false;
  const int n = resampler_.Resample(remixed_.data(), remixed_.size(), converted_.data(), converted_.size());
  return n == int(converted_.size());
}

}  // namespace dn::engine::audio
