// StreamResampler: a sine written in pieces of awkward sizes comes out as one
// continuous sine (no click at a piece boundary), at the right length, for
// both directions (written audio to the engine's rate, the engine's rate to a
// speaker's or renderer's rate).
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <vector>

#include "engine/audio/stream_resampler.h"
#include "test/test_harness.h"

namespace {

using dn::engine::audio::StreamResampler;

constexpr double kAmplitude = 10000;

std::vector<int16_t> Sine(double hz, int rate, size_t frames, int channels) {
  std::vector<int16_t> v(frames * size_t(channels));
  for (size_t i = 0; i < frames; ++i)
    for (int c = 0; c < channels; ++c)
      v[i * size_t(channels) + size_t(c)] =
          int16_t(std::lround(kAmplitude * std::sin(2 * M_PI * hz * double(i) / rate)));
  return v;
}

// Pushes `in` in pieces of the given sizes (cycled); flushes after each piece when asked (the old behaviour).
std::vector<int16_t> Resample(StreamResampler& r, const std::vector<int16_t>& in, int channels,
                              const std::vector<size_t>& pieces, bool flush_each) {
  std::vector<int16_t> out;
  const size_t frames = in.size() / size_t(channels);
  for (size_t at = 0, k = 0; at < frames; ++k) {
    const size_t n = std::min(pieces[k % pieces.size()], frames - at);
    r.Push(in.data() + at * size_t(channels), n, out);
    if (flush_each) r.Flush(out);
    at += n;
  }
  r.Flush(out);
  return out;
}

// The largest step between neighbouring samples of one channel, skipping the
// first 5 ms (the resampler's start from silence).
double LargestStep(const std::vector<int16_t>& v, int channels, int rate) {
  double largest = 0;
  const size_t skip = size_t(rate / 200);
  const size_t frames = v.size() / size_t(channels);
  for (int c = 0; c < channels; ++c)
    for (size_t i = skip + 1; i < frames; ++i)
      largest = std::max(largest, std::abs(double(v[i * size_t(channels) + size_t(c)]) -
                                           double(v[(i - 1) * size_t(channels) + size_t(c)])));
  return largest;
}

// A sine of amplitude A at f Hz sampled at `rate` never steps more than 2 A sin(pi f / rate).
double SineBound(double hz, int rate) { return 2 * kAmplitude * std::sin(M_PI * hz / rate) * 1.03 + 4; }

void CheckContinuous(int in_rate, int out_rate, int channels, double hz) {
  const std::vector<size_t> pieces = {37, 1000, 513, 7, 2205, 160};
  const std::vector<int16_t> in = Sine(hz, in_rate, size_t(in_rate), channels);  // one second
  StreamResampler stateful(in_rate, out_rate, channels);
  const std::vector<int16_t> out = Resample(stateful, in, channels, pieces, false);
  const double bound = SineBound(hz, out_rate);
  const double step = LargestStep(out, channels, out_rate);
  if (step > bound)
    std::printf("  %d -> %d Hz, %d ch: step %.0f > bound %.0f\n", in_rate, out_rate, channels, step, bound);
  DN_CHECK(step <= bound);
  // Length: one second in, one second out (within a frame).
  DN_CHECK(std::llabs(int64_t(out.size() / size_t(channels)) - out_rate) <= 1);
}

}  // namespace

DN_TEST(stream_resampler_keeps_a_sine_continuous_across_writes_of_odd_sizes) {
  CheckContinuous(22050, 24000, 1, 440);
  CheckContinuous(11025, 12000, 2, 1000);
  CheckContinuous(17000, 24000, 1, 1000);
  CheckContinuous(44056, 48000, 1, 440);
}

DN_TEST(stream_resampler_converts_the_engine_rate_to_any_output_rate_continuously) {
  CheckContinuous(24000, 22050, 1, 440);
  CheckContinuous(12000, 11025, 2, 1000);
  CheckContinuous(24000, 17000, 1, 1000);
  CheckContinuous(48000, 96000, 2, 440);
}

DN_TEST(stream_resampler_flushing_every_write_clicks_which_is_why_it_keeps_state) {
  // The bound above is tight enough to see the click the old per-write padding made.
  const std::vector<int16_t> in = Sine(440, 22050, 22050, 1);
  StreamResampler flushed(22050, 24000, 1);
  const std::vector<int16_t> out = Resample(flushed, in, 1, {37, 1000, 513, 7, 2205, 160}, true);
  DN_CHECK(LargestStep(out, 1, 24000) > SineBound(440, 24000) * 1.5);
}

DN_TEST(stream_resampler_holds_less_than_a_block_and_flush_gives_exactly_its_share) {
  StreamResampler r(22050, 24000, 1);
  DN_CHECK(r.in_block_frames() == 441);  // 20 ms
  std::vector<int16_t> out;
  const std::vector<int16_t> in = Sine(440, 22050, 1000, 1);
  r.Push(in.data(), 1000, out);
  DN_CHECK(out.size() == 960);  // two whole blocks
  DN_CHECK(r.pending_frames() == 118);
  r.Flush(out);
  DN_CHECK(out.size() == 960 + 128);  // 118 * 24000 / 22050 = 128.4
  DN_CHECK(r.pending_frames() == 0);
  StreamResampler odd(17000, 24000, 2);
  DN_CHECK(odd.in_block_frames() == 170);  // 1 ms is whole at both rates, stretched to 10 ms
}
