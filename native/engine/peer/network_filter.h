// Which local networks a peer connection may gather candidates on: by
// interface name and/or by address prefix (CIDR). Empty lists allow all.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <rtc_base/ip_address.h>
#include <rtc_base/network.h>

namespace dn::engine::peer {

struct AddressPrefix {
  rtc::IPAddress address;
  int length = 0;
};

struct NetworkFilter {
  std::vector<std::string> interfaces;
  std::vector<AddressPrefix> prefixes;

  bool Allows(const rtc::Network& network) const;
  // Parses "10.77.0.0/24", "fd00::/8" or a bare address (full length).
  // Returns false if the text is not one.
  static bool ParsePrefix(const std::string& text, AddressPrefix& out);
};

// The OS's networks (BasicNetworkManager) seen through a NetworkFilter.
// Lives on, and is destroyed on, the network thread.
class FilteredNetworkManager : public rtc::BasicNetworkManager {
 public:
  FilteredNetworkManager(NetworkFilter filter, rtc::SocketFactory* socket_factory)
      : rtc::BasicNetworkManager(socket_factory), filter_(std::move(filter)) {}

  std::vector<const rtc::Network*> GetNetworks() const override;

 private:
  NetworkFilter filter_;
};

}  // namespace dn::engine::peer
