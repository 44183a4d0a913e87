#include "addon/vad/core/vad_analyzer.h"

#include <cmath>
#include <cstring>

#include "addon/vad/core/speech_evidence.h"

namespace dn::vad {
namespace {

// One day: anything longer is in practice "never reset".
constexpr int kMaxResetPeriodMs = 24 * 60 * 60 * 1000;
constexpr int kMinResetPeriodMs = 2 * kFrameMs;

bool IsSupportedRate(int rate) { return rate == 8000 || rate == 16000 || rate == 32000 || rate == 48000; }

}  // namespace

ConfigError CheckConfig(const VadConfig& config) {
  if (config.reset_period_ms < kMinResetPeriodMs || config.reset_period_ms > kMaxResetPeriodMs) {
    return ConfigError::kResetPeriod;
  }
  if (!IsSupportedRate(config.sample_rate)) return ConfigError::kSampleRate;
  if (config.channels != 1 && config.channels != 2) return ConfigError::kChannels;
  return ConfigError::kOk;
}

double ConfidenceFromEvidence(bool energetic, double weighted_llr, double global_threshold) {
  if (!energetic) return 0.0;
  const double bits = (weighted_llr - global_threshold) / kMeanSpectralWeight;
  // 1 / (1 + 2^-bits). Most frames are decided by dozens of bits: past 54
  // the double result is exactly 1, and below -64 it is taken as 0.
  if (bits > 54) return 1.0;
  if (bits < -64) return 0.0;
  return 1.0 / (1.0 + std::exp2(-bits));
}

std::unique_ptr<VadAnalyzer> VadAnalyzer::Create(const VadConfig& config) {
  if (CheckConfig(config) != ConfigError::kOk) return nullptr;
  auto analyzer = std::make_unique<VadAnalyzer>(ConstructionKey(), config);
  analyzer->vad_.reset(WebRtcVad_Create());
  if (!analyzer->vad_ || !analyzer->Reset()) return nullptr;
  return analyzer;
}

VadAnalyzer::VadAnalyzer(ConstructionKey, const VadConfig& config)
    : config_(config),
      frame_samples_(static_cast<size_t>(config.sample_rate / 1000 * kFrameMs)),
      frames_per_reset_((config.reset_period_ms + kFrameMs - 1) / kFrameMs) {}

bool VadAnalyzer::Reset() {
  frames_since_reset_ = 0;
  return WebRtcVad_Init(vad_.get()) == 0 && WebRtcVad_set_mode(vad_.get(), kWebRtcVadMode) == 0;
}

const int16_t* VadAnalyzer::MonoSamples(const uint8_t* bytes, int16_t* scratch) const {
  if (config_.channels == 1) {
    if (reinterpret_cast<uintptr_t>(bytes) % alignof(int16_t) == 0) return reinterpret_cast<const int16_t*>(bytes);
    std::memcpy(scratch, bytes, frame_samples_ * sizeof(int16_t));
    return scratch;
  }
  for (size_t i = 0; i < frame_samples_; ++i) {
    int16_t left, right;
    std::memcpy(&left, bytes + 4 * i, 2);
    std::memcpy(&right, bytes + 4 * i + 2, 2);
    scratch[i] = static_cast<int16_t>((static_cast<int32_t>(left) + right) / 2);
  }
  return scratch;
}

Analysis VadAnalyzer::Analyze(const uint8_t* bytes, size_t size) {
  Analysis result;
  if (size % 2 != 0) {
    result.error = InputError::kOddLength;
  } else if (size % (2 * static_cast<size_t>(config_.channels)) != 0) {
    result.error = InputError::kPartialSample;
  } else if (size < frame_bytes()) {
    result.error = InputError::kTooShort;
  }
  if (result.error != InputError::kNone) return result;

  if (frames_since_reset_ == frames_per_reset_) {
    // Init and set_mode only fail on a null instance or a bad mode, and
    // Create already ran both on this instance.
    Reset();
  }
  ++frames_since_reset_;

  int16_t scratch[kMaxFrameSamples];
  const int16_t* samples = MonoSamples(bytes, scratch);
  FrameEvidence evidence;
  int decision;
  {
    EvidenceCapture capture(evidence);
    decision = WebRtcVad_Process(vad_.get(), config_.sample_rate, samples, frame_samples_);
  }
  result.webrtc_speech = decision == 1;
  result.confidence = evidence.captured
                          ? ConfidenceFromEvidence(evidence.energetic, evidence.weighted_llr, evidence.global_threshold)
                          : 0.0;
  return result;
}

}  // namespace dn::vad
