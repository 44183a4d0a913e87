#include "engine/peer/rtp_settings.h"

#include <cctype>
#include <set>

namespace dn::engine::peer {
namespace {

constexpr size_t kMaxEncodings = 3;  // libwebrtc's simulcast limit
constexpr int64_t kMaxBitrateBps = 100'000'000;

std::string Rid(const ParamReader& e) {
  std::string rid = e.String("rid");
  bool ok = !rid.empty() && rid.size() <= 16;
  for (char c : rid) ok = ok && std::isalnum(static_cast<unsigned char>(c));
  if (!ok) throw ParamError(e.FieldName("rid"), "must be 1 to 16 letters or digits, got '" + rid + "'");
  return rid;
}

// Reads one encoding's fields into `enc`, leaving absent ones as they are.
void ReadEncodingFields(const ParamReader& e, bool is_audio, webrtc::RtpEncodingParameters& enc) {
  if (auto active = e.OptBool("active")) enc.active = *active;
  if (auto bitrate = e.OptInt("maxBitrate", 1000, kMaxBitrateBps)) enc.max_bitrate_bps = int(*bitrate);
  if (e.Has("maxFramerate") || e.Has("scaleResolutionDownBy")) {
    if (is_audio)
      throw ParamError(e.FieldName(e.Has("maxFramerate") ? "maxFramerate" : "scaleResolutionDownBy"),
                       "applies to video only");
    if (auto fps = e.OptNumber("maxFramerate", 1, 120)) enc.max_framerate = *fps;
    if (auto scale = e.OptNumber("scaleResolutionDownBy", 1, 64)) enc.scale_resolution_down_by = *scale;
  }
}

const nlohmann::json& EncodingList(const nlohmann::json& list, const std::string& field, bool is_audio) {
  if (!list.is_array()) throw ParamError(field, "must be an array, got " + std::string(list.type_name()));
  if (list.empty()) throw ParamError(field, "must hold at least one encoding");
  if (list.size() > (is_audio ? 1 : kMaxEncodings))
    throw ParamError(
        field, is_audio ? "audio has exactly one encoding" : "at most " + std::to_string(kMaxEncodings) + " encodings");
  return list;
}

ParamReader EncodingAt(const std::string& field, const nlohmann::json& list, size_t i) {
  const std::string item = field + "[" + std::to_string(i) + "]";
  if (!list[i].is_object()) throw ParamError(item, "must be an object");
  return ParamReader(list[i], item + ".");
}

}  // namespace

std::vector<webrtc::RtpEncodingParameters> ReadEncodings(const nlohmann::json& encodings, const std::string& field,
                                                         bool is_audio) {
  const auto& list = EncodingList(encodings, field, is_audio);
  std::vector<webrtc::RtpEncodingParameters> out;
  std::set<std::string> rids;
  for (size_t i = 0; i < list.size(); ++i) {
    ParamReader e = EncodingAt(field, list, i);
    webrtc::RtpEncodingParameters enc;
    if (list.size() > 1 || e.Has("rid")) {
      if (!e.Has("rid"))
        throw ParamError(e.FieldName("rid"), "is required when there are several encodings (simulcast)");
      enc.rid = Rid(e);
      if (!rids.insert(enc.rid).second) throw ParamError(e.FieldName("rid"), "'" + enc.rid + "' is used twice");
    }
    ReadEncodingFields(e, is_audio, enc);
    out.push_back(enc);
  }
  return out;
}

void ApplyEncodings(const nlohmann::json& encodings, const std::string& field, bool is_audio,
                    webrtc::RtpParameters& params) {
  const auto& list = EncodingList(encodings, field, is_audio);
  if (list.size() != params.encodings.size())
    throw ParamError(field, "this sender has " + std::to_string(params.encodings.size()) +
                                " encoding(s); give exactly that many (the count is fixed at negotiation)");
  for (size_t i = 0; i < list.size(); ++i) {
    ParamReader e = EncodingAt(field, list, i);
    webrtc::RtpEncodingParameters* target = &params.encodings[i];
    if (e.Has("rid")) {
      const std::string rid = Rid(e);
      target = nullptr;
      for (auto& enc : params.encodings)
        if (enc.rid == rid) target = &enc;
      if (!target) throw ParamError(e.FieldName("rid"), "no encoding with rid '" + rid + "' on this sender");
    }
    ReadEncodingFields(e, is_audio, *target);
  }
}

webrtc::RtpTransceiverDirection DirectionFrom(const std::string& field, const std::string& d) {
  if (d == "sendrecv") return webrtc::RtpTransceiverDirection::kSendRecv;
  if (d == "sendonly") return webrtc::RtpTransceiverDirection::kSendOnly;
  if (d == "recvonly") return webrtc::RtpTransceiverDirection::kRecvOnly;
  if (d == "inactive") return webrtc::RtpTransceiverDirection::kInactive;
  throw ParamError(field, "must be one of sendrecv, sendonly, recvonly, inactive, got '" + d + "'");
}

const char* DirectionName(webrtc::RtpTransceiverDirection d) {
  switch (d) {
    case webrtc::RtpTransceiverDirection::kSendRecv:
      return "sendrecv";
    case webrtc::RtpTransceiverDirection::kSendOnly:
      return "sendonly";
    case webrtc::RtpTransceiverDirection::kRecvOnly:
      return "recvonly";
    case webrtc::RtpTransceiverDirection::kInactive:
      return "inactive";
    case webrtc::RtpTransceiverDirection::kStopped:
      return "stopped";
  }
  return "inactive";
}

webrtc::DegradationPreference DegradationPreferenceFrom(const std::string& d) {
  if (d == "maintain-framerate") return webrtc::DegradationPreference::MAINTAIN_FRAMERATE;
  if (d == "maintain-resolution") return webrtc::DegradationPreference::MAINTAIN_RESOLUTION;
  if (d == "disabled") return webrtc::DegradationPreference::DISABLED;
  return webrtc::DegradationPreference::BALANCED;
}

}  // namespace dn::engine::peer
