#include "engine/peer/stats_summary.h"

#include <algorithm>

#include <api/stats/rtc_stats.h>

namespace dn::engine::peer {
namespace {

using nlohmann::json;

// RTCStats::ToJson writes most numbers as numbers, some as strings; read both.
double Num(const json& o, const char* key, double fallback = 0) {
  auto it = o.find(key);
  if (it == o.end()) return fallback;
  if (it->is_number()) return it->get<double>();
  if (it->is_string()) {
    try {
      return std::stod(it->get<std::string>());
    } catch (...) {
      return fallback;
    }
  }
  return fallback;
}

std::string Str(const json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : "";
}

void CopyIf(const json& from, const char* key, json& to, const char* as = nullptr, double scale = 1) {
  auto it = from.find(key);
  if (it == from.end()) return;
  to[as ? as : key] = Num(from, key) * scale;
}

struct Totals {
  double send_bps = 0, recv_bps = 0;
  double audio_send_bps = 0, video_send_bps = 0, audio_recv_bps = 0, video_recv_bps = 0;
  double recv_lost = 0, recv_packets = 0, video_recv_lost = 0, video_recv_packets = 0;
  double send_loss_sum = 0, video_send_loss_sum = 0;
  int send_loss_n = 0, video_send_loss_n = 0;
};

}  // namespace

json StatsSummarizer::Summarize(const webrtc::RTCStatsReport& report, const TrackIdForMid& track_id, bool include_raw) {
  std::lock_guard<std::mutex> lock(mu_);
  std::map<std::string, json> by_id;
  json raw = json::array();
  for (const auto& stats : report) {
    json o = json::parse(stats.ToJson(), nullptr, false);
    if (o.is_discarded()) continue;
    if (include_raw) raw.push_back(o);
    by_id[stats.id()] = std::move(o);
  }
  const int64_t now_us = report.timestamp_us();
  const double dt_s = previous_us_ > 0 && now_us > previous_us_ ? double(now_us - previous_us_) / 1e6 : 0;
  std::map<std::string, Counters> current;
  Totals t;
  json outbound = json::array(), inbound = json::array(), candidate_pair = json::object();

  auto rate = [&](const std::string& id, const Counters& c) -> double {
    current[id] = c;
    auto prev = previous_.find(id);
    if (dt_s <= 0 || prev == previous_.end() || c.bytes < prev->second.bytes) return 0;
    return (c.bytes - prev->second.bytes) * 8 / dt_s;
  };

  for (const auto& [id, o] : by_id) {
    const std::string type = Str(o, "type");
    if (type == "outbound-rtp") {
      const std::string kind = Str(o, "kind");
      const std::string mid = Str(o, "mid");
      const double bps = rate(id, {Num(o, "bytesSent") + Num(o, "headerBytesSent"), Num(o, "packetsSent"), 0});
      json s = {{"kind", kind}, {"mid", mid}, {"trackId", track_id(mid, true)}, {"bitrateBps", bps}};
      if (!Str(o, "rid").empty()) s["rid"] = Str(o, "rid");
      for (const char* k : {"ssrc", "bytesSent", "packetsSent", "targetBitrate", "frameWidth", "frameHeight",
                            "framesPerSecond", "framesEncoded", "nackCount", "pliCount"})
        CopyIf(o, k, s);
      if (o.contains("qualityLimitationReason")) s["qualityLimitationReason"] = Str(o, "qualityLimitationReason");
      auto remote = by_id.find(Str(o, "remoteId"));
      if (remote != by_id.end()) {
        const json& r = remote->second;
        CopyIf(r, "roundTripTime", s, "roundTripTimeMs", 1000);
        CopyIf(r, "fractionLost", s);
        CopyIf(r, "packetsLost", s);
        CopyIf(r, "jitter", s, "jitterMs", 1000);
        if (r.contains("fractionLost")) {
          t.send_loss_sum += Num(r, "fractionLost");
          ++t.send_loss_n;
          if (kind == "video") {
            t.video_send_loss_sum += Num(r, "fractionLost");
            ++t.video_send_loss_n;
          }
        }
      }
      t.send_bps += bps;
      (kind == "video" ? t.video_send_bps : t.audio_send_bps) += bps;
      outbound.push_back(std::move(s));
    } else if (type == "inbound-rtp") {
      const std::string kind = Str(o, "kind");
      const std::string mid = Str(o, "mid");
      const Counters c{Num(o, "bytesReceived") + Num(o, "headerBytesReceived"), Num(o, "packetsReceived"),
                       Num(o, "packetsLost")};
      const double bps = rate(id, c);
      auto prev = previous_.find(id);
      if (dt_s > 0 && prev != previous_.end()) {
        const double lost = std::max(0.0, c.lost - prev->second.lost);
        const double got = std::max(0.0, c.packets - prev->second.packets);
        t.recv_lost += lost;
        t.recv_packets += got;
        if (kind == "video") {
          t.video_recv_lost += lost;
          t.video_recv_packets += got;
        }
      }
      json s = {{"kind", kind}, {"mid", mid}, {"trackId", track_id(mid, false)}, {"bitrateBps", bps}};
      for (const char* k : {"ssrc", "bytesReceived", "packetsReceived", "packetsLost", "audioLevel", "totalAudioEnergy",
                            "concealedSamples", "totalSamplesReceived", "frameWidth", "frameHeight", "framesPerSecond",
                            "framesDecoded", "framesDropped", "freezeCount", "nackCount", "pliCount"})
        CopyIf(o, k, s);
      CopyIf(o, "jitter", s, "jitterMs", 1000);
      t.recv_bps += bps;
      (kind == "video" ? t.video_recv_bps : t.audio_recv_bps) += bps;
      inbound.push_back(std::move(s));
    } else if (type == "transport") {
      auto pair = by_id.find(Str(o, "selectedCandidatePairId"));
      if (pair != by_id.end() && candidate_pair.empty()) {
        const json& cp = pair->second;
        CopyIf(cp, "currentRoundTripTime", candidate_pair, "currentRoundTripTimeMs", 1000);
        CopyIf(cp, "availableOutgoingBitrate", candidate_pair);
        CopyIf(cp, "availableIncomingBitrate", candidate_pair);
        CopyIf(cp, "bytesSent", candidate_pair);
        CopyIf(cp, "bytesReceived", candidate_pair);
        candidate_pair["state"] = Str(cp, "state");
      }
    }
  }

  auto fraction = [](double lost, double total) { return total > 0 ? lost / total : 0.0; };
  json summary = {
      {"sendBitsPerSecond", t.send_bps},
      {"receiveBitsPerSecond", t.recv_bps},
      {"audioSendBitsPerSecond", t.audio_send_bps},
      {"audioRecvBitsPerSecond", t.audio_recv_bps},
      {"videoSendBitsPerSecond", t.video_send_bps},
      {"videoRecvBitsPerSecond", t.video_recv_bps},
      {"totalSendPacketLoss", t.send_loss_n ? t.send_loss_sum / t.send_loss_n : 0.0},
      {"totalRecvPacketLoss", fraction(t.recv_lost, t.recv_lost + t.recv_packets)},
      {"videoSendPacketLoss", t.video_send_loss_n ? t.video_send_loss_sum / t.video_send_loss_n : 0.0},
      {"videoRecvPacketLoss", fraction(t.video_recv_lost, t.video_recv_lost + t.video_recv_packets)},
  };
  if (candidate_pair.contains("currentRoundTripTimeMs"))
    summary["roundTripTimeMs"] = candidate_pair["currentRoundTripTimeMs"];
  if (candidate_pair.contains("availableOutgoingBitrate"))
    summary["availableOutgoingBitrate"] = candidate_pair["availableOutgoingBitrate"];

  previous_ = std::move(current);
  const int64_t interval_ms = dt_s > 0 ? int64_t(dt_s * 1000) : 0;
  previous_us_ = now_us;
  json out = {{"timestampMs", now_us / 1000},    {"intervalMs", interval_ms},
              {"summary", std::move(summary)},   {"candidatePair", std::move(candidate_pair)},
              {"outbound", std::move(outbound)}, {"inbound", std::move(inbound)}};
  if (include_raw) out["raw"] = std::move(raw);
  return out;
}

}  // namespace dn::engine::peer
