#include "engine/peer/network_filter.h"

#include <cstdlib>

namespace dn::engine::peer {

bool NetworkFilter::ParsePrefix(const std::string& text, AddressPrefix& out) {
  const auto slash = text.find('/');
  const std::string addr = text.substr(0, slash);
  if (!rtc::IPFromString(addr, &out.address)) return false;
  const int max_length = out.address.family() == AF_INET ? 32 : 128;
  if (slash == std::string::npos) {
    out.length = max_length;
    return true;
  }
  const std::string len = text.substr(slash + 1);
  if (len.empty() || len.size() > 3 || len.find_first_not_of("0123456789") != std::string::npos) return false;
  out.length = std::atoi(len.c_str());
  return out.length <= max_length;
}

bool NetworkFilter::Allows(const rtc::Network& network) const {
  if (!interfaces.empty()) {
    bool named = false;
    for (const auto& name : interfaces) named = named || name == network.name();
    if (!named) return false;
  }
  if (prefixes.empty()) return true;
  for (const auto& ip : network.GetIPs()) {
    for (const auto& prefix : prefixes) {
      if (ip.family() != prefix.address.family()) continue;
      if (rtc::TruncateIP(ip, prefix.length) == rtc::TruncateIP(prefix.address, prefix.length)) return true;
    }
  }
  return false;
}

std::vector<const rtc::Network*> FilteredNetworkManager::GetNetworks() const {
  std::vector<const rtc::Network*> allowed;
  for (const rtc::Network* n : rtc::BasicNetworkManager::GetNetworks())
    if (filter_.Allows(*n)) allowed.push_back(n);
  return allowed;
}

}  // namespace dn::engine::peer
