// Micro-benchmark of the engine's StreamResampler (libwebrtc's sinc resampler),
// the cost of audio at a rate the engine does not run at:
//   daily-node-resampler-bench [seconds of audio per case, default 60]
// Written audio (microphones, custom sources) is converted to the engine's
// rate in writes of 20 ms and of 1 s (a streaming TTS and a whole utterance);
// played audio (speakers, renderers) from the engine's rate in its 10 ms
// blocks. Prints the CPU time per second of audio as a percentage of one
// core; each case keeps its best of three rounds.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "engine/audio/stream_resampler.h"

namespace {

using Clock = std::chrono::steady_clock;
using dn::engine::audio::EngineRateFor;
using dn::engine::audio::StreamResampler;

// Percent of a core used to convert `seconds` of audio from `in_rate` to `out_rate` in pieces of `piece_ms`.
double PercentOfCore(int in_rate, int out_rate, int channels, int piece_ms, int seconds) {
  const size_t piece_frames = size_t(in_rate) * size_t(piece_ms) / 1000;
  std::vector<int16_t> piece(piece_frames * size_t(channels));
  for (size_t i = 0; i < piece.size(); ++i) piece[i] = int16_t(9000 * std::sin(2 * M_PI * 440 * double(i) / in_rate));
  double best = 1e9;
  for (int round = 0; round < 3; ++round) {
    StreamResampler resampler(in_rate, out_rate, channels);
    const size_t pieces = size_t(seconds) * 1000 / size_t(piece_ms);
    size_t produced = 0;
    std::vector<int16_t> out;
    const auto start = Clock::now();
    for (size_t w = 0; w < pieces; ++w) {
      out.clear();
      resampler.Push(piece.data(), piece_frames, out);
      produced += out.size();
    }
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    if (produced == 0) std::abort();
    best = std::min(best, 100.0 * elapsed / seconds);
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  const int seconds = argc > 1 ? std::atoi(argv[1]) : 60;
  std::printf("CPU per second of audio (%% of a core)\n");
  for (int rate : {22050, 11025, 17000, 44056}) {
    const int engine_rate = EngineRateFor(rate);
    for (int channels : {1, 2}) {
      for (int write_ms : {20, 1000})
        std::printf("written %5d -> %5d Hz, %d ch, %4d ms writes: %.3f %%\n", rate, engine_rate, channels, write_ms,
                    PercentOfCore(rate, engine_rate, channels, write_ms, seconds));
      std::printf("played  %5d -> %5d Hz, %d ch,   10 ms blocks: %.3f %%\n", engine_rate, rate, channels,
                  PercentOfCore(engine_rate, rate, channels, 10, seconds));
    }
  }
  return 0;
}
