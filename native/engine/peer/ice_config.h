// Reads a peer connection's configuration from pc.create's params:
//   iceServers: [{urls: string | string[], username?, credential?}]
//   iceTransportPolicy: "all" | "relay"
//   bundlePolicy: "balanced" | "max-bundle" | "max-compat"
//   iceCandidatePoolSize: 0..16
//   allowedInterfaces: ["dn0", ...]   allowedAddressPrefixes: ["10.77.0.0/24", ...]
// Everything is checked here, with the field named, before libwebrtc sees it.
#pragma once

#include <api/peer_connection_interface.h>

#include "engine/channel/param_reader.h"
#include "engine/peer/network_filter.h"
#include "generated/engine_params.h"

namespace dn::engine::peer {

// libwebrtc's default start estimate (300 kbps) makes a 640x480 camera start
// at 320x240 and often stay there; 1 Mbps starts it at full size. Audio-only
// connections are not affected.
constexpr int kDefaultStartBitrateBps = 1'000'000;

struct PeerConfig {
  webrtc::PeerConnectionInterface::RTCConfiguration rtc;
  NetworkFilter networks;
  int start_bitrate_bps = kDefaultStartBitrateBps;
};

PeerConfig ReadPeerConfig(const protocol::params::PcCreate& p);

}  // namespace dn::engine::peer
