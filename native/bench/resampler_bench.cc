// Micro-benchmark of the engine's InputResampler (libwebrtc's sinc resampler),
// the cost of writing audio at a rate the engine does not run at:
//   daily-node-resampler-bench [seconds of audio per case, default 60]
// For each case it converts a tone in writes of 20 ms and of 1 s (a streaming
// TTS and a whole utterance) and prints the CPU time per second of audio as a
// percentage of one core. Each case keeps its best of three rounds.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "engine/audio/input_resampler.h"

namespace {

using Clock = std::chrono::steady_clock;

// Percent of a core used to convert `seconds` of mono audio at `rate` in writes of `write_ms`.
double PercentOfCore(int rate, int channels, int write_ms, int seconds) {
  const int out_rate = dn::engine::audio::EngineRateFor(rate);
  const size_t write_frames = size_t(rate) * size_t(write_ms) / 1000;
  std::vector<int16_t> write(write_frames * size_t(channels));
  for (size_t i = 0; i < write.size(); ++i) write[i] = int16_t(9000 * std::sin(2 * M_PI * 440 * double(i) / rate));
  double best = 1e9;
  for (int round = 0; round < 3; ++round) {
    dn::engine::audio::InputResampler resampler(rate, out_rate, channels);
    const size_t writes = size_t(seconds) * 1000 / size_t(write_ms);
    size_t produced = 0;
    const auto start = Clock::now();
    for (size_t w = 0; w < writes; ++w) produced += resampler.Convert(write).size();
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    if (produced == 0) std::abort();
    best = std::min(best, 100.0 * elapsed / seconds);
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  const int seconds = argc > 1 ? std::atoi(argv[1]) : 60;
  std::printf("written rate -> engine rate, channels, write size: CPU per second of audio (%% of a core)\n");
  for (int rate : {22050, 11025, 44056}) {
    for (int channels : {1, 2}) {
      for (int write_ms : {20, 1000}) {
        const int engine_rate = dn::engine::audio::EngineRateFor(rate);
        std::printf("%5d -> %5d Hz, %d ch, %4d ms writes: %.3f %%\n", rate, engine_rate, channels, write_ms,
                    PercentOfCore(rate, channels, write_ms, seconds));
      }
    }
  }
  return 0;
}
