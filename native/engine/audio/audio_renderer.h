// A sink on one audio track (usually remote) that converts what it receives to
// the requested rate and channels and sends one data frame per callback
// interval to the SDK: {type:"audio.render", rendererId, ...} + PCM.
// Remote tracks change format once NetEq decodes its first packet, so the
// resampler is re-initialised whenever the input format changes. A rate that
// is not a whole 10 ms block (22050, 11025 Hz...) is reached in two steps:
// PushResampler to the next rate that is, then a StreamResampler; the
// callbacks then alternate between the two nearest whole frame counts
// (220 and 221 frames for 10 ms at 22050 Hz).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <api/media_stream_interface.h>

#include "engine/audio/audio_format.h"
#include "engine/audio/block_converter.h"
#include "engine/audio/stream_resampler.h"

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
  size_t NextIntervalFrames() const;
  void Emit(size_t frames);

  const std::string id_;
  const AudioFormat out_;
  const AudioFormat block_format_;  // what PushResampler delivers: out_ at a whole-10 ms rate
  const int interval_ms_;
  std::unique_ptr<StreamResampler> to_out_rate_;  // only when block_format_ differs from out_
  EngineChannel* channel_;
  BlockConverter converter_;  // to block_format_
  std::vector<int16_t> at_out_rate_;
  std::vector<int16_t> pending_;
  int64_t first_block_us_ = 0;
  std::atomic<uint64_t> delivered_{0};
  std::atomic<uint64_t> rejected_blocks_{0};
};

}  // namespace dn::engine::audio
