// How the receive side's jitter buffers (libwebrtc's NetEq) choose their
// delay, for the whole engine process. NetEq's delay target is the 95th
// percentile of the largest packet delay seen in each 500 ms; on a busy
// machine one late packet per half second lifts it from 20 to 40-60 ms. The
// "low" mode (the default; bots are conversational) takes the 90th percentile
// of the largest delay in each 100 ms instead, so a rare late packet costs one
// concealed packet rather than 20-40 ms on every word (docs/performance.md has
// the measurements). DAILY_NODE_JITTER_BUFFER=adaptive keeps libwebrtc's own rule.
#pragma once

#include <string>

namespace dn::engine {

// Reads DAILY_NODE_JITTER_BUFFER ("low", "adaptive"; unset: "low") and sets
// libwebrtc's field trials to match. Call once, before the factory exists.
// Returns the mode applied.
std::string ApplyJitterBufferMode();

}  // namespace dn::engine
