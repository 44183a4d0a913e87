// The generated param structs (generated/engine_params.h): each JSON type is
// checked, absent and null optional params are std::nullopt, and a refusal is
// a ParamError that names the field.
#include <string>

#include "generated/engine_params.h"
#include "test/test_harness.h"

namespace {

namespace params = dn::protocol::params;
using dn::engine::ParamError;
using nlohmann::json;

// The ParamError that reading `data` as Params throws ("" when it reads).
template <typename Params>
ParamError Refusal(const json& data) {
  try {
    static_cast<void>(data.get<Params>());
  } catch (const ParamError& e) {
    return e;
  }
  return ParamError("", "");
}

}  // namespace

DN_TEST(engine_params_read_every_json_type_into_the_struct) {
  const auto p = json{{"pcId", "pc1"},
                      {"iceServers", json::array({{{"urls", "stun:x"}}})},
                      {"iceTransportPolicy", "all"},
                      {"iceCandidatePoolSize", 4},
                      {"allowedInterfaces", {"dn0", "lo"}}}
                     .get<params::PcCreate>();
  DN_CHECK(p.pcId == "pc1");
  DN_CHECK(p.iceServers && p.iceServers->size() == 1);
  DN_CHECK(p.iceTransportPolicy == "all");
  DN_CHECK(!p.bundlePolicy);
  DN_CHECK(p.iceCandidatePoolSize == 4.0);
  DN_CHECK(p.allowedInterfaces && (*p.allowedInterfaces == std::vector<std::string>{"dn0", "lo"}));
  DN_CHECK(!p.startBitrateBps);

  const auto offer = json{{"pcId", "pc1"}, {"iceRestart", true}}.get<params::PcCreateOffer>();
  DN_CHECK(offer.iceRestart == true);
  const auto echo = json{{"value", {{"deep", json::array({1, 2})}}}}.get<params::DebugEcho>();
  DN_CHECK(echo.value["deep"][1] == 2);
  DN_CHECK(!echo.delayMs);
}

DN_TEST(engine_params_take_null_as_absent_for_optional_params) {
  const auto c = json{{"pcId", "pc1"}, {"candidate", ""}, {"sdpMid", nullptr}, {"sdpMLineIndex", 0}}
                     .get<params::PcAddIceCandidate>();
  DN_CHECK(!c.sdpMid);
  DN_CHECK(c.sdpMLineIndex == 0.0);
  const auto replace =
      json{{"pcId", "pc1"}, {"transceiverId", "tx0"}, {"trackId", nullptr}}.get<params::PcReplaceTrack>();
  DN_CHECK(!replace.trackId);
}

DN_TEST(engine_params_refuse_a_wrong_type_naming_the_field) {
  const ParamError wrong_type = Refusal<params::EngineSetLogLevel>({{"logLevel", "loud"}});
  DN_CHECK(wrong_type.field() == "logLevel");
  DN_CHECK(std::string(wrong_type.what()) == "logLevel: must be a number, got string");

  const ParamError missing = Refusal<params::VideoCreateTrack>({{"trackId", "t1"}});
  DN_CHECK(missing.field() == "sourceId");
  DN_CHECK(std::string(missing.what()) == "sourceId: is required");

  const ParamError element = Refusal<params::PcAddTrack>({{"pcId", "p"}, {"trackId", "t"}, {"streamIds", {"a", 7}}});
  DN_CHECK(element.field() == "streamIds[1]");

  const ParamError shape = Refusal<params::PcSetEncodings>({{"pcId", "p"}, {"transceiverId", "tx0"}, {"encodings", 3}});
  DN_CHECK(shape.field() == "encodings");
  DN_CHECK(std::string(shape.what()) == "encodings: must be an array, got number");

  const ParamError not_object = Refusal<params::EngineShutdown>(json::array());
  DN_CHECK(not_object.field() == "data");
}

DN_TEST(engine_params_refuse_a_value_outside_a_string_union) {
  const ParamError plain = Refusal<params::PcAddTransceiver>({{"pcId", "p"}, {"kind", "data"}});
  DN_CHECK(plain.field() == "kind");
  DN_CHECK(std::string(plain.what()) == "kind: must be one of audio, video, got 'data'");

  // A named union (ColorFormat) says what it expected in words.
  const ParamError named =
      Refusal<params::VideoCreateSource>({{"sourceId", "s"}, {"width", 8}, {"height", 8}, {"colorFormat", "rgba"}});
  DN_CHECK(named.field() == "colorFormat");
  DN_CHECK(std::string(named.what()) ==
           "colorFormat: invalid color format 'rgba' (one of ABGR, ARGB, BGRA, I420, RGB, RGBA)");
}

DN_TEST(engine_params_range_checks_keep_param_reader_wording) {
  DN_CHECK(dn::engine::IntInRange("delayMs", 5.0, 0, 10) == 5);
  DN_CHECK(!dn::engine::IntInRange("delayMs", std::optional<double>(), 0, 10));
  try {
    dn::engine::IntInRange("delayMs", -5.0, 0, 60000);
    DN_CHECK(false);
  } catch (const ParamError& e) {
    DN_CHECK(std::string(e.what()) == "delayMs: must be between 0 and 60000");
  }
  try {
    dn::engine::IntInRange("width", 1.5, 0, 10);
    DN_CHECK(false);
  } catch (const ParamError& e) {
    DN_CHECK(std::string(e.what()) == "width: must be an integer");
  }
}
