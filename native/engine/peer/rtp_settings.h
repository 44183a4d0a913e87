// Encoder and transceiver settings read from request parameters:
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

std::vector<webrtc::RtpEncodingParameters> ReadEncodings(const ParamReader& p, const char* key, bool is_audio);
// Applies `encodings` (as read above) onto existing parameters, matched by rid
// (or by position when there are no rids). The count must not change.
void ApplyEncodings(const ParamReader& p, const char* key, bool is_audio, webrtc::RtpParameters& params);

webrtc::RtpTransceiverDirection ReadDirection(const ParamReader& p, const char* key);
const char* DirectionName(webrtc::RtpTransceiverDirection d);
webrtc::DegradationPreference ReadDegradationPreference(const ParamReader& p, const char* key);

}  // namespace dn::engine::peer
