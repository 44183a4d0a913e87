#include "engine/audio/input_resampler.h"

#include <common_audio/resampler/push_sinc_resampler.h>

#include <cmath>
#include <numeric>

#include "engine/audio/audio_format.h"

namespace dn::engine::audio {

int EngineRateFor(int rate) {
  // Scans up from `rate` so the list of supported rates stays in audio_format.cc.
  for (int candidate = rate; candidate < 48000; ++candidate)
    if (IsSupportedSampleRate(candidate)) return candidate;
  return 48000;
}

InputResampler::InputResampler(int in_rate, int out_rate, int channels)
    : in_rate_(in_rate), out_rate_(out_rate), channels_(channels) {
  // The shortest block (in ms) holding a whole number of frames at both rates:
  // 20 ms for 22050 -> 24000, 40 ms for 11025 -> 12000.
  const long in_ms = 1000 / std::gcd(long(in_rate), 1000L);
  const long out_ms = 1000 / std::gcd(long(out_rate), 1000L);
  const long block_ms = std::lcm(in_ms, out_ms);
  in_block_ = size_t(long(in_rate) * block_ms / 1000);
  out_block_ = size_t(long(out_rate) * block_ms / 1000);
  for (int c = 0; c < channels; ++c)
    per_channel_.push_back(std::make_unique<webrtc::PushSincResampler>(in_block_, out_block_));
}

InputResampler::~InputResampler() = default;

std::vector<int16_t> InputResampler::Convert(const std::vector<int16_t>& interleaved) {
  const size_t frames = interleaved.size() / size_t(channels_);
  const size_t blocks = (frames + in_block_ - 1) / in_block_;
  const size_t out_frames = size_t(std::llround(double(frames) * out_rate_ / in_rate_));
  std::vector<int16_t> in(blocks * in_block_);
  std::vector<int16_t> out(blocks * out_block_);
  std::vector<int16_t> result(out_frames * size_t(channels_));
  for (int c = 0; c < channels_; ++c) {
    std::fill(in.begin(), in.end(), 0);
    for (size_t i = 0; i < frames; ++i) in[i] = interleaved[i * size_t(channels_) + size_t(c)];
    for (size_t b = 0; b < blocks; ++b)
      per_channel_[size_t(c)]->Resample(&in[b * in_block_], in_block_, &out[b * out_block_], out_block_);
    for (size_t i = 0; i < out_frames; ++i) result[i * size_t(channels_) + size_t(c)] = out[i];
  }
  return result;
}

}  // namespace dn::engine::audio
