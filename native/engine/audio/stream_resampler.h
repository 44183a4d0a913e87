// Converts a stream of 16-bit PCM between any two rates with libwebrtc's sinc
// resampler (PushSincResampler, one per channel), keeping its state from one
// piece of the stream to the next: audio is converted in blocks whose length
// is whole at both rates (20 ms for 22050 <-> 24000, 40 ms for 11025 <-> 12000,
// at least 10 ms), and the frames that do not fill a block wait for the next
// piece instead of being padded with silence, which would put a click at
// every boundary. Flush() pads them when the stream pauses.
// Used for audio written at rates the engine does not run at (microphones,
// custom sources) and for speakers and renderers read at such rates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace webrtc {
class PushSincResampler;
}

namespace dn::engine::audio {

class StreamResampler {
 public:
  StreamResampler(int in_rate, int out_rate, int channels);
  ~StreamResampler();
  StreamResampler(const StreamResampler&) = delete;
  StreamResampler& operator=(const StreamResampler&) = delete;

  // Takes `frames` interleaved frames at the input rate and appends to `out`
  // the output of every block they complete.
  void Push(const int16_t* interleaved, size_t frames, std::vector<int16_t>& out);
  // Pads the waiting frames with silence to a block and appends their output
  // (and none of the padding's) to `out`.
  void Flush(std::vector<int16_t>& out);
  // Drops the waiting frames (the source was cleared).
  void Discard() { pending_.clear(); }

  int in_rate() const { return in_rate_; }
  int out_rate() const { return out_rate_; }
  size_t pending_frames() const { return pending_.size() / size_t(channels_); }
  size_t in_block_frames() const { return in_block_; }

 private:
  void ConvertBlock(const int16_t* interleaved, std::vector<int16_t>& out);

  const int in_rate_;
  const int out_rate_;
  const int channels_;
  size_t in_block_ = 0;
  size_t out_block_ = 0;
  std::vector<std::unique_ptr<webrtc::PushSincResampler>> per_channel_;
  std::vector<int16_t> pending_;  // interleaved, less than one block
  std::vector<int16_t> channel_in_;
  std::vector<int16_t> channel_out_;
};

// The rate the engine runs audio at for a device or source of `rate`: `rate`
// itself when libwebrtc's 10 ms blocks take it, else the smallest such rate
// above it (48000 at most).
int EngineRateFor(int rate);

}  // namespace dn::engine::audio
