// Micro-benchmark of a virtual microphone's audio processing (libwebrtc's
// AudioProcessingModule through VoiceProcessor): the CPU one bot's microphone
// costs with echo cancellation, noise suppression and gain control on:
//   daily-node-voice-processing-bench [seconds of audio per case, default 30]
// Each 10 ms the speaker's playout (a 440 Hz tone) goes in as the echo
// reference and the microphone's frame (that tone, late and quieter, plus a
// little noise) is processed, as the engine's two clocks do. Prints the CPU
// time per second of audio as a percentage of one core, best of three rounds.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <rtc_base/logging.h>

#include "engine/audio/voice_processor.h"

namespace {

using Clock = std::chrono::steady_clock;
using dn::engine::audio::AudioFormat;
using dn::engine::audio::VoiceProcessing;
using dn::engine::audio::VoiceProcessor;

double PercentOfCore(VoiceProcessing settings, AudioFormat format, int seconds) {
  const size_t frames = format.FramesPer10Ms();
  const size_t blocks = size_t(seconds) * 100;
  std::vector<int16_t> played(format.SamplesPer10Ms());
  std::vector<int16_t> mic(format.SamplesPer10Ms());
  double best = 1e9;
  for (int round = 0; round < 3; ++round) {
    VoiceProcessor processor(settings);
    uint32_t noise = 1;
    const auto start = Clock::now();
    for (size_t b = 0; b < blocks; ++b) {
      for (size_t i = 0; i < frames; ++i) {
        const double t = double(b * frames + i) / format.sample_rate;
        noise = noise * 1664525u + 1013904223u;
        const auto v = int16_t(9000 * std::sin(2 * M_PI * 440 * t));
        const auto echo = int16_t(4500 * std::sin(2 * M_PI * 440 * (t - 0.05)) + int16_t(noise >> 24) - 128);
        for (int c = 0; c < format.channels; ++c) {
          played[i * size_t(format.channels) + size_t(c)] = v;
          mic[i * size_t(format.channels) + size_t(c)] = echo;
        }
      }
      if (settings.echo_cancellation) processor.AnalyzePlayout(played.data(), format);
      if (processor.ProcessCapture(mic.data(), format) != 0) std::abort();
    }
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    best = std::min(best, 100.0 * elapsed / seconds);
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  const int seconds = argc > 1 ? std::atoi(argv[1]) : 30;
  rtc::LogMessage::LogToDebug(rtc::LS_NONE);  // AEC3 logs every delay change
  struct Case {
    const char* name;
    VoiceProcessing settings;
  };
  const Case cases[] = {{"echoCancellation", {true, false, false}},
                        {"noiseSuppression", {false, true, false}},
                        {"autoGainControl", {false, false, true}},
                        {"all three", {true, true, true}}};
  std::printf("CPU per second of audio (%% of a core)\n");
  for (AudioFormat format : {AudioFormat{16000, 1}, AudioFormat{48000, 1}, AudioFormat{48000, 2}})
    for (const Case& c : cases)
      std::printf("%5d Hz, %d ch, %-17s %.2f %%\n", format.sample_rate, format.channels, c.name,
                  PercentOfCore(c.settings, format, seconds));
  return 0;
}
