// Converts the 10 ms blocks a track sink receives (any rate libwebrtc decodes
// at, 1 to 8 channels) to one fixed format. Remote tracks change format once
// NetEq decodes its first packet, so the resampler re-initialises whenever the
// input format changes. Used by audio renderers and mixer inputs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <common_audio/resampler/include/push_resampler.h>

#include "engine/audio/audio_format.h"

namespace dn::engine::audio {

class BlockConverter {
 public:
  explicit BlockConverter(AudioFormat out) : out_(out) {}

  // Converts one block; false when it is not a 10 ms block of 16-bit audio at
  // a rate PushResampler handles (it aborts the process on those).
  bool Convert(const void* audio_data, int bits_per_sample, int sample_rate, size_t channels, size_t frames);
  // The last converted block: out.SamplesPer10Ms() interleaved samples.
  const std::vector<int16_t>& output() const { return converted_; }
  AudioFormat format() const { return out_; }

 private:
  const AudioFormat out_;
  webrtc::PushResampler<int16_t> resampler_;
  std::vector<int16_t> remixed_;
  std::vector<int16_t> converted_;
};

}  // namespace dn::engine::audio
