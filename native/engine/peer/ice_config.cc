#include "engine/peer/ice_config.h"

namespace dn::engine::peer {
namespace {

using RTCConfiguration = webrtc::PeerConnectionInterface::RTCConfiguration;

constexpr size_t kMaxServers = 32;
constexpr size_t kMaxListEntries = 64;

std::vector<std::string> StringList(const nlohmann::json& value, const std::string& field) {
  std::vector<std::string> out;
  if (value.is_string()) {
    out.push_back(value.get<std::string>());
    return out;
  }
  if (!value.is_array()) throw ParamError(field, "must be a string or an array of strings");
  if (value.size() > kMaxListEntries)
    throw ParamError(field, "has more than " + std::to_string(kMaxListEntries) + " entries");
  for (size_t i = 0; i < value.size(); ++i) {
    if (!value[i].is_string()) throw ParamError(field + "[" + std::to_string(i) + "]", "must be a string");
    out.push_back(value[i].get<std::string>());
  }
  return out;
}

const std::vector<std::string>& Bounded(const std::vector<std::string>& list, const std::string& field) {
  if (list.size() > kMaxListEntries)
    throw ParamError(field, "has more than " + std::to_string(kMaxListEntries) + " entries");
  return list;
}

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

webrtc::PeerConnectionInterface::IceServer ReadIceServer(const ParamReader& s) {
  webrtc::PeerConnectionInterface::IceServer server;
  const nlohmann::json* urls = s.raw().contains("urls") ? &s.raw()["urls"] : nullptr;
  if (!urls || urls->is_null()) throw ParamError(s.FieldName("urls"), "is required");
  server.urls = StringList(*urls, s.FieldName("urls"));
  if (server.urls.empty()) throw ParamError(s.FieldName("urls"), "must name at least one server");
  bool turn = false;
  for (size_t i = 0; i < server.urls.size(); ++i) {
    const std::string& url = server.urls[i];
    const bool is_turn = StartsWith(url, "turn:") || StartsWith(url, "turns:");
    if (!is_turn && !StartsWith(url, "stun:") && !StartsWith(url, "stuns:"))
      throw ParamError(s.FieldName("urls") + "[" + std::to_string(i) + "]",
                       "must start with stun:, stuns:, turn: or turns:, got '" + url + "'");
    if (url.size() <= 6) throw ParamError(s.FieldName("urls") + "[" + std::to_string(i) + "]", "has no host");
    turn = turn || is_turn;
  }
  server.username = s.OptString("username").value_or("");
  server.password = s.OptString("credential").value_or("");
  if (turn && (server.username.empty() || server.password.empty()))
    throw ParamError(s.FieldName(server.username.empty() ? "username" : "credential"), "is required for a TURN server");
  return server;
}

}  // namespace

PeerConfig ReadPeerConfig(const protocol::params::PcCreate& p) {
  PeerConfig config;
  RTCConfiguration& rtc = config.rtc;
  rtc.sdp_semantics = webrtc::SdpSemantics::kUnifiedPlan;
  if (p.iceServers) {
    const nlohmann::json& servers = *p.iceServers;
    if (servers.size() > kMaxServers) throw ParamError("iceServers", "has more than 32 servers");
    for (size_t i = 0; i < servers.size(); ++i) {
      const std::string field = "iceServers[" + std::to_string(i) + "]";
      if (!servers[i].is_object()) throw ParamError(field, "must be an object");
      rtc.servers.push_back(ReadIceServer(ParamReader(servers[i], field + ".")));
    }
  }
  if (p.iceTransportPolicy) {
    rtc.type = *p.iceTransportPolicy == "relay" ? webrtc::PeerConnectionInterface::kRelay
                                                : webrtc::PeerConnectionInterface::kAll;
    if (rtc.type == webrtc::PeerConnectionInterface::kRelay && rtc.servers.empty())
      throw ParamError("iceTransportPolicy", "'relay' needs at least one TURN server in iceServers");
  }
  if (p.bundlePolicy) {
    const std::string& b = *p.bundlePolicy;
    rtc.bundle_policy = b == "max-bundle"   ? webrtc::PeerConnectionInterface::kBundlePolicyMaxBundle
                        : b == "max-compat" ? webrtc::PeerConnectionInterface::kBundlePolicyMaxCompat
                                            : webrtc::PeerConnectionInterface::kBundlePolicyBalanced;
  }
  rtc.ice_candidate_pool_size = int(IntInRange("iceCandidatePoolSize", p.iceCandidatePoolSize, 0, 16).value_or(0));
  config.start_bitrate_bps =
      int(IntInRange("startBitrateBps", p.startBitrateBps, 30'000, 50'000'000).value_or(kDefaultStartBitrateBps));
  if (p.allowedInterfaces) {
    config.networks.interfaces = Bounded(*p.allowedInterfaces, "allowedInterfaces");
    for (size_t i = 0; i < config.networks.interfaces.size(); ++i)
      if (config.networks.interfaces[i].empty())
        throw ParamError("allowedInterfaces[" + std::to_string(i) + "]", "must not be empty");
  }
  if (p.allowedAddressPrefixes) {
    const auto& texts = Bounded(*p.allowedAddressPrefixes, "allowedAddressPrefixes");
    for (size_t i = 0; i < texts.size(); ++i) {
      AddressPrefix prefix;
      if (!NetworkFilter::ParsePrefix(texts[i], prefix))
        throw ParamError("allowedAddressPrefixes[" + std::to_string(i) + "]",
                         "must be an address or CIDR prefix such as 10.0.0.0/8, got '" + texts[i] + "'");
      config.networks.prefixes.push_back(prefix);
    }
  }
  return config;
}

}  // namespace dn::engine::peer
