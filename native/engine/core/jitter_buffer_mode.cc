#include "engine/core/jitter_buffer_mode.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <system_wrappers/include/field_trial.h>

namespace dn::engine {
namespace {

// libwebrtc keeps the pointer: the string must live as long as the process.
constexpr char kLowDelayTrials[] = "WebRTC-Audio-NetEqDelayManagerConfig/quantile:0.9,resample_interval_ms:100/";

}  // namespace

std::string ApplyJitterBufferMode() {
  const char* mode = std::getenv("DAILY_NODE_JITTER_BUFFER");
  if (mode && std::strcmp(mode, "adaptive") == 0) return "adaptive";
  if (mode && *mode && std::strcmp(mode, "low") != 0)
    std::fprintf(stderr,
                 "daily-node-engine: DAILY_NODE_JITTER_BUFFER='%s' is neither 'low' nor 'adaptive'; using 'low'\n",
                 mode);
  webrtc::field_trial::InitFieldTrialsFromString(kLowDelayTrials);
  return "low";
}

}  // namespace dn::engine
