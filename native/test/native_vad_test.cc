// NativeVad's core (native/addon/vad/core) against the real WebRTC VAD.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include <common_audio/vad/include/webrtc_vad.h>

#include "addon/vad/core/fast_exp_log.h"
#include "addon/vad/core/speech_evidence.h"
#include "addon/vad/core/vad_analyzer.h"
#include "test/test_harness.h"

using dn::vad::Analysis;
using dn::vad::ConfigError;
using dn::vad::InputError;
using dn::vad::VadAnalyzer;
using dn::vad::VadConfig;

namespace {

constexpr double kPi = 3.14159265358979323846;

// Mono 16-bit PCM that gives the VAD both kinds of frame: silence, a voiced
// harmonic complex (140 Hz and 12 harmonics, syllable-rate envelope) around
// -20 dBFS, and -45 dBFS white noise, repeated.
std::vector<int16_t> MixedSignal(int rate, double seconds) {
  std::vector<int16_t> out(static_cast<size_t>(rate * seconds));
  uint32_t state = 12345;
  for (size_t i = 0; i < out.size(); ++i) {
    const double t = static_cast<double>(i) / rate;
    const double phase = std::fmod(t, 3.0);
    double v = 0;
    if (phase >= 0.5 && phase < 1.7) {
      const double envelope = 0.5 - 0.5 * std::cos(2 * kPi * 4 * t);
      for (int h = 1; h <= 12; ++h) v += std::sin(2 * kPi * 140 * h * t) / h;
      v *= 0.06 * envelope;
    } else if (phase >= 1.7) {
      state = state * 1664525u + 1013904223u;
      v = (static_cast<double>(state) / 4294967296.0 - 0.5) * 2 * 0.0056 * std::sqrt(3.0);
    }
    out[i] = static_cast<int16_t>(std::lround(v * 32767));
  }
  return out;
}

const uint8_t* Bytes(const std::vector<int16_t>& pcm, size_t frame, size_t frame_samples) {
  return reinterpret_cast<const uint8_t*>(pcm.data() + frame * frame_samples);
}

}  // namespace

DN_TEST(vad_config_checks) {
  DN_CHECK(dn::vad::CheckConfig({1000, 16000, 1}) == ConfigError::kOk);
  DN_CHECK(dn::vad::CheckConfig({20, 8000, 2}) == ConfigError::kOk);
  DN_CHECK(dn::vad::CheckConfig({86400000, 48000, 1}) == ConfigError::kOk);
  DN_CHECK(dn::vad::CheckConfig({19, 16000, 1}) == ConfigError::kResetPeriod);
  DN_CHECK(dn::vad::CheckConfig({86400001, 16000, 1}) == ConfigError::kResetPeriod);
  DN_CHECK(dn::vad::CheckConfig({1000, 44100, 1}) == ConfigError::kSampleRate);
  DN_CHECK(dn::vad::CheckConfig({1000, 0, 1}) == ConfigError::kSampleRate);
  DN_CHECK(dn::vad::CheckConfig({1000, 16000, 3}) == ConfigError::kChannels);
  DN_CHECK(VadAnalyzer::Create({1000, 44100, 1}) == nullptr);
  auto vad = VadAnalyzer::Create({1000, 48000, 2});
  DN_CHECK(vad && vad->frame_samples() == 480 && vad->frame_bytes() == 1920);
}

// The linker routes WebRTC's feature extraction through our wrapper: the
// VAD's own decisions must come out exactly as without it.
DN_TEST(vad_evidence_tap_leaves_webrtc_decisions_unchanged) {
  for (int rate : {8000, 16000, 32000, 48000}) {
    const auto pcm = MixedSignal(rate, 6);
    auto analyzer = VadAnalyzer::Create({86400000, rate, 1});
    VadInst* raw = WebRtcVad_Create();
    DN_CHECK(analyzer && raw && WebRtcVad_Init(raw) == 0 && WebRtcVad_set_mode(raw, dn::vad::kWebRtcVadMode) == 0);
    const size_t n = analyzer->frame_samples();
    int mismatches = 0, speech = 0, confident = 0;
    for (size_t f = 0; f < pcm.size() / n; ++f) {
      const Analysis a = analyzer->Analyze(Bytes(pcm, f, n), n * 2);
      const int expected = WebRtcVad_Process(raw, rate, pcm.data() + f * n, n);
      mismatches += (a.webrtc_speech ? 1 : 0) != expected;
      speech += expected;
      confident += a.confidence > 0.9;
    }
    WebRtcVad_Free(raw);
    DN_CHECK(mismatches == 0);
    DN_CHECK(speech > 100);     // the signal really exercises both decisions
    DN_CHECK(confident > 100);  // and the tap really saw the frames
  }
}

// The continuous evidence must agree with WebRTC's integer version of it: a
// frame the confidence calls clearly speech is one WebRTC calls speech. Wrong
// model constants or fixed-point scales would break this.
DN_TEST(vad_confidence_agrees_with_webrtc_decisions) {
  const auto pcm = MixedSignal(16000, 12);
  auto analyzer = VadAnalyzer::Create({1000, 16000, 1});
  // WebRTC's hangover keeps calling speech for up to 14 frames after it
  // ends, so "doubtful" counts only frames after 15 doubtful ones.
  constexpr int kHangover = 15;
  int confident = 0, confident_but_not_speech = 0, doubtful = 0, doubtful_but_speech = 0, doubtful_run = 0;
  for (size_t f = 0; f < pcm.size() / 160; ++f) {
    const Analysis a = analyzer->Analyze(Bytes(pcm, f, 160), 320);
    DN_CHECK(a.error == InputError::kNone && a.confidence >= 0 && a.confidence <= 1);
    if (a.confidence > 0.99) {
      ++confident;
      confident_but_not_speech += !a.webrtc_speech;
    }
    doubtful_run = a.confidence < 0.01 ? doubtful_run + 1 : 0;
    if (doubtful_run > kHangover) {
      ++doubtful;
      doubtful_but_speech += a.webrtc_speech;
    }
  }
  std::printf("  confident %d (of which WebRTC non-speech %d), doubtful %d (of which WebRTC speech %d)\n", confident,
              confident_but_not_speech, doubtful, doubtful_but_speech);
  DN_CHECK(confident > 200 && doubtful > 200);
  DN_CHECK(confident_but_not_speech * 100 <= confident);
  DN_CHECK(doubtful_but_speech * 100 <= doubtful);
}

DN_TEST(vad_confidence_mapping) {
  using dn::vad::ConfidenceFromEvidence;
  using dn::vad::kMeanSpectralWeight;
  DN_CHECK(ConfidenceFromEvidence(false, 1000, 57) == 0.0);
  DN_CHECK(std::fabs(ConfidenceFromEvidence(true, 57, 57) - 0.5) < 1e-12);
  // One bit of evidence past the threshold doubles the odds: 2:1.
  DN_CHECK(std::fabs(ConfidenceFromEvidence(true, 57 + kMeanSpectralWeight, 57) - 2.0 / 3) < 1e-12);
  DN_CHECK(std::fabs(ConfidenceFromEvidence(true, 57 - kMeanSpectralWeight, 57) - 1.0 / 3) < 1e-12);
  DN_CHECK(ConfidenceFromEvidence(true, 1e6, 57) == 1.0);
  DN_CHECK(ConfidenceFromEvidence(true, -1e6, 57) == 0.0);
  double previous = 0;
  for (double llr = -800; llr <= 800; llr += 0.5) {
    const double c = ConfidenceFromEvidence(true, llr, 100);
    if (c < previous) std::printf("  not monotonic at %g: %.17g < %.17g\n", llr, c, previous);
    DN_CHECK(c >= previous);
    previous = c;
  }
}

DN_TEST(vad_fast_exp_log_accuracy) {
  double worst_exp = 0, worst_log = 0;
  for (float x = -60.0f; x <= 0.0f; x += 0.01f) {
    const float got = dn::vad::FastExp2(dn::vad::Splat(x))[0];
    worst_exp = std::fmax(worst_exp, std::fabs(got / std::exp2(x) - 1));
  }
  for (float y = 1e-6f; y < 1e6f; y *= 1.01f) {
    const float got = dn::vad::FastLog2(dn::vad::Splat(y))[0];
    worst_log = std::fmax(worst_log, std::fabs(got - std::log2(y)));
  }
  DN_CHECK(worst_exp < 1e-5);
  DN_CHECK(worst_log < 5e-5);
  DN_CHECK(std::fabs(dn::vad::FastExp2(dn::vad::Splat(-1000.0f))[0] / std::exp2(-64.0f) - 1) < 1e-5);
}

DN_TEST(vad_input_errors) {
  auto mono = VadAnalyzer::Create({1000, 16000, 1});
  auto stereo = VadAnalyzer::Create({1000, 8000, 2});
  std::vector<uint8_t> bytes(1000);
  DN_CHECK(mono->Analyze(bytes.data(), 321).error == InputError::kOddLength);
  DN_CHECK(mono->Analyze(bytes.data(), 318).error == InputError::kTooShort);
  DN_CHECK(mono->Analyze(nullptr, 0).error == InputError::kTooShort);
  DN_CHECK(stereo->Analyze(bytes.data(), 322).error == InputError::kPartialSample);
  DN_CHECK(stereo->Analyze(bytes.data(), 316).error == InputError::kTooShort);
  DN_CHECK(mono->Analyze(bytes.data(), 320).error == InputError::kNone);
  DN_CHECK(mono->Analyze(bytes.data(), 1000).error == InputError::kNone);  // extra ignored
  DN_CHECK(stereo->Analyze(bytes.data(), 320).error == InputError::kNone);
}

DN_TEST(vad_reads_unaligned_and_stereo_input_like_mono) {
  const auto pcm = MixedSignal(32000, 3);
  auto aligned = VadAnalyzer::Create({1000, 32000, 1});
  auto unaligned = VadAnalyzer::Create({1000, 32000, 1});
  auto stereo = VadAnalyzer::Create({1000, 32000, 2});
  std::vector<uint8_t> shifted(1 + 640);
  std::vector<int16_t> both(640);
  int differences = 0;
  for (size_t f = 0; f < pcm.size() / 320; ++f) {
    std::memcpy(shifted.data() + 1, Bytes(pcm, f, 320), 640);
    for (size_t i = 0; i < 320; ++i) both[2 * i] = both[2 * i + 1] = pcm[f * 320 + i];
    const double expected = aligned->Analyze(Bytes(pcm, f, 320), 640).confidence;
    differences += unaligned->Analyze(shifted.data() + 1, 640).confidence != expected;
    differences += stereo->Analyze(reinterpret_cast<const uint8_t*>(both.data()), 1280).confidence != expected;
  }
  DN_CHECK(differences == 0);
}
