// Encoder and transceiver settings from request parameters (whose JSON types
// the generated param structs have checked):
//   encodings: [{rid?, active?, maxBitrate?, maxFramerate?, scaleResolutionDownBy?}]
//   direction: "sendrecv" | "sendonly" | "recvonly" | "inactive"
//   degradationPreference: "balanced" | "maintain-framerate" | "maintain-resolution" | "disabled"
// Values libwebrtc would reject (or CHECK on) are refused here with the field named.
#pragma once

#include <string>
#include <vector>

#include <api/rtp_parameters.h>
#include <api/rtp_transceiver_direction.h>

#include "engine/channel/param_reader.h"

namespace dn::engine::peer {

// `field` names the list in errors ("sendEncodings", "encodings").
std::vector<webrtc::RtpEncodingParameters> ReadEncodings(const nlohmann::json& encodings, const std::string& field,
                                                         bool is_audio);
// Applies `encodings` (as read above) onto existing parameters, matched by rid
// (or by position when there are no rids). The count must not change.
void ApplyEncodings(const nlohmann::json& encodings, const std::string& field, bool is_audio,
                    webrtc::RtpParameters& params);

// A direction a transceiver can be set to ("stopped" is reported, never set).
webrtc::RtpTransceiverDirection DirectionFrom(const std::string& field, const std::string& direction);
const char* DirectionName(webrtc::RtpTransceiverDirection d);
// One of the TS DegradationPreference names.
webrtc::DegradationPreference DegradationPreferenceFrom(const std::string& preference);

}  // namespace dn::engine::peer
