// PCM formats the engine's audio objects accept: 16-bit interleaved samples,
// moved in 10 ms blocks (libwebrtc's resamplers and encoders work on 10 ms).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "engine/channel/param_reader.h"

namespace dn::engine::audio {

struct AudioFormat {
  int sample_rate = 16000;
  int channels = 1;

  size_t FramesPer10Ms() const { return size_t(sample_rate / 100); }
  size_t SamplesPer10Ms() const { return FramesPer10Ms() * size_t(channels); }
  size_t BytesPerFrame() const { return 2 * size_t(channels); }
  int64_t FramesToMs(int64_t frames) const { return frames * 1000 / sample_rate; }
  bool operator==(const AudioFormat& o) const { return sample_rate == o.sample_rate && channels == o.channels; }
};

// Rates the engine runs audio at: their 10 ms block is a whole number of
// frames and libwebrtc's PushResampler handles them (22050 and 11025 are not
// whole 10 ms blocks).
bool IsSupportedSampleRate(int64_t rate);

// Rates of microphones, custom sources, speakers and renderers: any integer in
// this range; the engine resamples those it does not run at (StreamResampler).
constexpr int64_t kMinAnyRate = 8000;
constexpr int64_t kMaxAnyRate = 96000;

// Reads "sampleRate" (any rate from kMinAnyRate to kMaxAnyRate) and "channels" (1 or 2), naming the field on error.
AudioFormat ReadAnyRateAudioFormat(const ParamReader& p);

// Converts interleaved samples between channel counts (1 <-> 2): stereo to mono
// averages, mono to stereo copies. `dst` holds frames * dst_channels samples.
void RemixChannels(const int16_t* src, int src_channels, int16_t* dst, int dst_channels, size_t frames);

}  // namespace dn::engine::audio
