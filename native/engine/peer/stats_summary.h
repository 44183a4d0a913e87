// Turns a libwebrtc RTCStatsReport into what the SDK needs for
// get_network_stats: round-trip time, loss, jitter, and send/receive bitrates.
// There is no rate field in RTCStats, so bitrates come from the byte counters'
// change since the previous summary of the same peer connection.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include <api/stats/rtc_stats_report.h>
#include <nlohmann/json.hpp>

namespace dn::engine::peer {

class StatsSummarizer {
 public:
  // Maps a mid to the registry track id of its sender / receiver, if any.
  using TrackIdForMid = std::function<std::string(const std::string& mid, bool outbound)>;

  // Returns {timestampMs, intervalMs, summary, outbound[], inbound[], candidatePair, raw?}.
  nlohmann::json Summarize(const webrtc::RTCStatsReport& report, const TrackIdForMid& track_id, bool include_raw);

 private:
  struct Counters {
    double bytes = 0;
    double packets = 0;
    double lost = 0;
  };

  std::mutex mu_;
  int64_t previous_us_ = 0;
  std::map<std::string, Counters> previous_;
};

}  // namespace dn::engine::peer
