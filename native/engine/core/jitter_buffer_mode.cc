#include "engine/core/jitter_buffer_mode.h"

#include <system_wrappers/include/field_trial.h>

#include "engine/core/env_choice.h"

namespace dn::engine {
namespace {

// libwebrtc keeps the pointer: the string must live as long as the process.
constexpr char kLowDelayTrials[] = "WebRTC-Audio-NetEqDelayManagerConfig/quantile:0.9,resample_interval_ms:100/";

}  // namespace

std::string ApplyJitterBufferMode() {
  if (EnvChoice("DAILY_NODE_JITTER_BUFFER", {"low", "adaptive"}, "low") == "adaptive") return "adaptive";
  webrtc::field_trial::InitFieldTrialsFromString(kLowDelayTrials);
  return "low";
}

}  // namespace dn::engine
