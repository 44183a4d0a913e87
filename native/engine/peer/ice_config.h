// Reads a peer connection's configuration from request parameters:
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

namespace dn::engine::peer {

struct PeerConfig {
  webrtc::PeerConnectionInterface::RTCConfiguration rtc;
  NetworkFilter networks;
};

PeerConfig ReadPeerConfig(const ParamReader& p);

}  // namespace dn::engine::peer
