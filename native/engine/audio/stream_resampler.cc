#include "engine/audio/stream_resampler.h"

#include <common_audio/resampler/push_sinc_resampler.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "engine/audio/audio_format.h"

namespace dn::engine::audio {
namespace {

// libwebrtc's SincResampler needs blocks longer than its 32-tap kernel; 10 ms
// is at least 80 frames at any accepted rate.
constexpr long kMinBlockMs = 10;

}  // namespace

int EngineRateFor(int rate) {
  // Scans up from `rate` so the list of supported rates stays in audio_format.cc.
  for (int candidate = rate; candidate < 48000; ++candidate)
    if (IsSupportedSampleRate(candidate)) return candidate;
  return 48000;
}

StreamResampler::StreamResampler(int in_rate, int out_rate, int channels)
    : in_rate_(in_rate), out_rate_(out_rate), channels_(channels) {
  // The shortest block (in ms) holding a whole number of frames at both rates,
  // repeated until it is at least kMinBlockMs long.
  const long in_ms = 1000 / std::gcd(long(in_rate), 1000L);
  const long out_ms = 1000 / std::gcd(long(out_rate), 1000L);
  long block_ms = std::lcm(in_ms, out_ms);
  block_ms *= (kMinBlockMs + block_ms - 1) / block_ms;
  in_block_ = size_t(long(in_rate) * block_ms / 1000);
  out_block_ = size_t(long(out_rate) * block_ms / 1000);
  for (int c = 0; c < channels; ++c)
    per_channel_.push_back(std::make_unique<webrtc::PushSincResampler>(in_block_, out_block_));
  pending_.reserve(in_block_ * size_t(channels));
  channel_in_.resize(in_block_);
  channel_out_.resize(out_block_);
}

StreamResampler::~StreamResampler() = default;

void StreamResampler::ConvertBlock(const int16_t* interleaved, std::vector<int16_t>& out) {
  const size_t ch = size_t(channels_);
  const size_t at = out.size();
  out.resize(at + out_block_ * ch);
  for (size_t c = 0; c < ch; ++c) {
    for (size_t i = 0; i < in_block_; ++i) channel_in_[i] = interleaved[i * ch + c];
    per_channel_[c]->Resample(channel_in_.data(), in_block_, channel_out_.data(), out_block_);
    for (size_t i = 0; i < out_block_; ++i) out[at + i * ch + c] = channel_out_[i];
  }
}

void StreamResampler::Push(const int16_t* interleaved, size_t frames, std::vector<int16_t>& out) {
  const size_t ch = size_t(channels_);
  const size_t block_samples = in_block_ * ch;
  const int16_t* p = interleaved;
  size_t left = frames * ch;
  if (!pending_.empty()) {
    const size_t n = std::min(left, block_samples - pending_.size());
    pending_.insert(pending_.end(), p, p + n);
    p += n;
    left -= n;
    if (pending_.size() < block_samples) return;
    ConvertBlock(pending_.data(), out);
    pending_.clear();
  }
  for (; left >= block_samples; p += block_samples, left -= block_samples) ConvertBlock(p, out);
  pending_.insert(pending_.end(), p, p + left);
}

void StreamResampler::Flush(std::vector<int16_t>& out) {
  if (pending_.empty()) return;
  const size_t ch = size_t(channels_);
  const size_t waiting = pending_frames();
  const size_t keep = size_t(std::llround(double(waiting) * out_rate_ / in_rate_));
  pending_.resize(in_block_ * ch, 0);
  const size_t at = out.size();
  ConvertBlock(pending_.data(), out);
  out.resize(at + keep * ch);
  pending_.clear();
}

}  // namespace dn::engine::audio
