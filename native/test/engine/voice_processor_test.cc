// VoiceProcessor: libwebrtc's APM takes every rate the engine runs audio at,
// mono and stereo, and with echo cancellation on removes what the speaker
// played from the microphone (an echo 6 dB down, 50 ms late).
#include <cmath>
#include <vector>

#include <rtc_base/logging.h>

#include "engine/audio/voice_processor.h"
#include "test/test_harness.h"

namespace {

using dn::engine::audio::AudioFormat;
using dn::engine::audio::VoiceProcessing;
using dn::engine::audio::VoiceProcessor;

// Runs `seconds` of a 440 Hz tone through the speaker and its echo through the
// microphone; returns the microphone's RMS over the last second (0..1).
double EchoLeft(VoiceProcessing settings, AudioFormat format, int seconds, bool* all_ok) {
  rtc::LogMessage::LogToDebug(rtc::LS_NONE);
  VoiceProcessor processor(settings);
  const size_t frames = format.FramesPer10Ms();
  std::vector<int16_t> played(format.SamplesPer10Ms());
  std::vector<int16_t> mic(format.SamplesPer10Ms());
  double sum = 0;
  size_t count = 0;
  for (size_t b = 0; b < size_t(seconds) * 100; ++b) {
    for (size_t i = 0; i < frames; ++i) {
      const double t = double(b * frames + i) / format.sample_rate;
      for (size_t c = 0; c < size_t(format.channels); ++c) {
        played[i * size_t(format.channels) + c] = int16_t(9000 * std::sin(2 * M_PI * 440 * t));
        mic[i * size_t(format.channels) + c] = int16_t(4500 * std::sin(2 * M_PI * 440 * (t - 0.05)));
      }
    }
    if (processor.AnalyzePlayout(played.data(), format) != 0) *all_ok = false;
    if (processor.ProcessCapture(mic.data(), format) != 0) *all_ok = false;
    if (b >= size_t(seconds - 1) * 100)
      for (int16_t v : mic) sum += (v / 32768.0) * (v / 32768.0), ++count;
  }
  return std::sqrt(sum / double(count));
}

}  // namespace

DN_TEST(voice_processor_takes_every_engine_rate_mono_and_stereo) {
  for (int rate : {8000, 12000, 16000, 24000, 32000, 44100, 48000})
    for (int channels : {1, 2}) {
      bool ok = true;
      EchoLeft({true, true, true}, AudioFormat{rate, channels}, 1, &ok);
      if (!ok) std::printf("  APM refused %d Hz, %d ch\n", rate, channels);
      DN_CHECK(ok);
    }
}

DN_TEST(voice_processor_cancels_the_echo_of_what_the_speaker_played) {
  bool ok = true;
  const double without = EchoLeft({false, false, false}, AudioFormat{16000, 1}, 4, &ok);
  const double with = EchoLeft({true, false, false}, AudioFormat{16000, 1}, 4, &ok);
  DN_CHECK(ok);
  DN_CHECK(without > 0.09);                                  // 4500 / 32768 / sqrt(2) = 0.097
  DN_CHECK(20 * std::log10(without / (with + 1e-9)) >= 20);  // at least 20 dB less
}
