// A sink on one audio track (usually remote) that converts what it receives to
// the requested rate and channels and sends one data frame per callback
// interval to the SDK: {type:"audio.render", rendererId, ...} + PCM.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include <api/media_stream_interface.h>

#include "engine/audio/audio_format.h"
#include "engine/audio/block_converter.h"

namespace dn::engine {
class EngineChannel;
}

namespace dn::engine::audio {

class AudioRenderer : public webrtc::AudioTrackSinkInterface {
 public:
  AudioRenderer(std::string id, AudioFormat out, int interval_ms, EngineChannel* channel);

  const std::string& id() const { return id_; }
  uint64_t delivered() const { return delivered_.load(); }
  uint64_t rejected_blocks() const { return rejected_blocks_.load(); }

  using webrtc::AudioTrackSinkInterface::OnData;
  void OnData(const void* audio_data, int bits_per_sample, int sample_rate, size_t number_of_channels,
              size_t number_of_frames) override;

 private:
  void Emit();

  const std::string id_;
  const AudioFormat out_;
  const size_t interval_samples_;
  EngineChannel* channel_;
  BlockConverter converter_;
  std::vector<int16_t> pending_;
  int64_t first_block_us_ = 0;
  std::atomic<uint64_t> delivered_{0};
  std::atomic<uint64_t> rejected_blocks_{0};
};

}  // namespace dn::engine::audio
