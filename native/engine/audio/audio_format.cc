#include "engine/audio/audio_format.h"

#include <array>

namespace dn::engine::audio {
namespace {
constexpr std::array<int, 7> kRates = {8000, 12000, 16000, 24000, 32000, 44100, 48000};
}  // namespace

bool IsSupportedSampleRate(int64_t rate) {
  for (int r : kRates)
    if (r == rate) return true;
  return false;
}

AudioFormat ReadAnyRateAudioFormat(const ParamReader& p) {
  AudioFormat f;
  f.sample_rate = int(p.Int("sampleRate", kMinAnyRate, kMaxAnyRate));
  f.channels = int(p.Int("channels", 1, 2));
  return f;
}

void RemixChannels(const int16_t* src, int src_channels, int16_t* dst, int dst_channels, size_t frames) {
  if (src_channels == dst_channels) {
    for (size_t i = 0; i < frames * size_t(src_channels); ++i) dst[i] = src[i];
  } else if (src_channels == 2 && dst_channels == 1) {
    for (size_t i = 0; i < frames; ++i) dst[i] = int16_t((int32_t(src[2 * i]) + int32_t(src[2 * i + 1])) / 2);
  } else if (src_channels == 1 && dst_channels == 2) {
    for (size_t i = 0; i < frames; ++i) dst[2 * i] = dst[2 * i + 1] = src[i];
  } else {
    // More than two channels: keep the first min(src, dst) and zero the rest.
    for (size_t i = 0; i < frames; ++i)
      for (int c = 0; c < dst_channels; ++c)
        dst[i * dst_channels + c] = c < src_channels ? src[i * src_channels + c] : 0;
  }
}

}  // namespace dn::engine::audio
