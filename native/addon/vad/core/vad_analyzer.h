// One NativeVad: a WebRTC VAD instance that turns 10 ms of 16-bit PCM (mono
// or stereo, 8/16/32/48 kHz) into a speech confidence from 0 to 1.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include <common_audio/vad/include/webrtc_vad.h>

namespace dn::vad {

struct VadConfig {
  int reset_period_ms = 1000;
  int sample_rate = 16000;
  int channels = 1;
};

// Why a config is refused (kOk when it is fine).
enum class ConfigError { kOk, kResetPeriod, kSampleRate, kChannels };
ConfigError CheckConfig(const VadConfig& config);

// Why input was refused. The values cross N-API as negative results and
// src/vad/native-vad.ts names them; keep both in step.
enum class InputError : int {
  kNone = 0,
  kReleased = -1,
  kNotBytes = -2,
  kNotPcmArray = -3,
  kOddLength = -4,
  kPartialSample = -5,
  kTooShort = -6,
};

struct Analysis {
  InputError error = InputError::kNone;
  // Probability-like speech confidence of the frame (see ConfidenceFromEvidence).
  double confidence = 0;
  // WebRTC's own 0/1 decision, hangover included.
  bool webrtc_speech = false;
};

// Logistic mapping of the frame's GMM evidence: the weighted log2 likelihood
// ratio divided by the mean spectral weight reads as bits of evidence for
// speech; the mode's threshold, read the same way, is the prior log2 odds
// against it. So 0.5 sits exactly at WebRTC's global decision threshold and
// every further bit doubles the odds. Frames below WebRTC's energy floor are 0.
double ConfidenceFromEvidence(bool energetic, double weighted_llr, double global_threshold);

// WebRTC's mode 1 ("low bitrate"). Modes differ in their decision threshold
// and so in how the models adapt. On flite speech and -30 dBFS white noise
// (test/native/native-vad.test.ts) mode 1 keeps over 80 % of voiced frames
// above 0.9 at every rate while noise stays under 10 %; mode 0 lets 28 % of
// 8 kHz noise through, modes 2 and 3 keep only 76 % and 60 % of the speech.
constexpr int kWebRtcVadMode = 1;

constexpr int kFrameMs = 10;
constexpr int kMaxFrameSamples = 48000 / 1000 * kFrameMs;

class VadAnalyzer {
  struct ConstructionKey {
    explicit ConstructionKey() = default;
  };

 public:
  // nullptr when CheckConfig refuses `config` or the VAD cannot be made.
  static std::unique_ptr<VadAnalyzer> Create(const VadConfig& config);
  VadAnalyzer(ConstructionKey, const VadConfig& config);

  const VadConfig& config() const { return config_; }
  // Samples per channel in one 10 ms frame.
  size_t frame_samples() const { return frame_samples_; }
  // Bytes of one 10 ms frame of interleaved 16-bit PCM.
  size_t frame_bytes() const { return frame_samples_ * 2 * static_cast<size_t>(config_.channels); }

  // Analyses the first 10 ms of `bytes` (interleaved little-endian 16-bit
  // PCM); the rest is ignored. The bytes are read in place, nothing is kept.
  Analysis Analyze(const uint8_t* bytes, size_t size);

 private:
  struct VadDeleter {
    void operator()(VadInst* vad) const { WebRtcVad_Free(vad); }
  };

  // Re-initialises the VAD: filters, models and hangover back to their start.
  bool Reset();
  // Mono samples of the frame: `bytes` itself when it can be, else `scratch`.
  const int16_t* MonoSamples(const uint8_t* bytes, int16_t* scratch) const;

  VadConfig config_;
  size_t frame_samples_;
  int frames_per_reset_;
  int frames_since_reset_ = 0;
  std::unique_ptr<VadInst, VadDeleter> vad_;
};

}  // namespace dn::vad
