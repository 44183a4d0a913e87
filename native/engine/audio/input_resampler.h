// Converts PCM written at a rate the engine does not run at (22050, 11025 Hz...)
// to the nearest rate it does, with libwebrtc's sinc resampler. Each write is
// converted whole: its tail is padded with silence to the resampler's block
// and the output of the padding is cut off, so no audio waits for the next
// write (a TTS utterance ends when it has been written).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace webrtc {
class PushSincResampler;
}

namespace dn::engine::audio {

class InputResampler {
 public:
  InputResampler(int in_rate, int out_rate, int channels);
  ~InputResampler();

  // `interleaved` holds whole frames at the input rate; returns them at the output rate.
  std::vector<int16_t> Convert(const std::vector<int16_t>& interleaved);

  int in_rate() const { return in_rate_; }
  int out_rate() const { return out_rate_; }

 private:
  const int in_rate_;
  const int out_rate_;
  const int channels_;
  size_t in_block_ = 0;
  size_t out_block_ = 0;
  std::vector<std::unique_ptr<webrtc::PushSincResampler>> per_channel_;
};

// The rate the engine runs a source written at `rate` at: `rate` itself when
// supported, else the smallest supported rate above it (48000 at most).
int EngineRateFor(int rate);

}  // namespace dn::engine::audio
