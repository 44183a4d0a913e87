// engine.* methods: the handshake, logging, shutdown and diagnostics.
#include <unistd.h>

#include <chrono>
#include <thread>

#include "engine/channel/param_reader.h"
#include "engine/core/engine.h"
#include "engine/core/handler_registration.h"

namespace dn::engine {

namespace {

void RegisterEngineHandlers(Engine& engine) {
  engine.channel.OnRequest(protocol::method::kEngineInit, [&engine](const Request& req, const Responder& res) {
    ParamReader p(req.data);
    const int64_t protocol = p.Int("protocol", 0, 1 << 30);
    if (protocol != kProtocolVersion)
      throw ParamError("protocol", "the SDK speaks protocol " + std::to_string(protocol) + ", this engine speaks " +
                                       std::to_string(kProtocolVersion));
    engine.log.SetLevel(LogLevel(p.OptInt("logLevel", 0, 5).value_or(0)));
    if (std::string err = engine.media.Start(); !err.empty()) {
      res.Error(protocol::error::kEngineStartFailed, err);
      return;
    }
    engine.media.adm()->SetPullListener(engine.audio.mixer_bank());
    engine.log.Log(LogLevel::kInfo, "engine ready");
    res.Ok({{"pid", ::getpid()},
            {"protocol", kProtocolVersion},
            {"webrtc", "libtgowt (WebRTC M108)"},
            {"audioCodecs", engine.media.AudioCodecs()},
            {"videoCodecs", engine.media.VideoCodecs()}});
  });

  // What this engine registered, with the result keys it was built to answer
  // with; test/native/engine-protocol.test.ts compares it with the TS protocol.
  engine.channel.OnRequest(protocol::method::kEngineDescribe, [&engine](const Request&, const Responder& res) {
    json methods = json::array();
    for (const std::string& name : engine.channel.RegisteredMethods()) {
      json keys = json::array();
      if (const protocol::MethodSpec* spec = protocol::FindMethod(name))
        for (const auto& key : spec->result) keys.push_back(std::string(key.name));
      methods.push_back({{"method", name}, {"resultKeys", keys}});
    }
    json events = json::array();
    for (const auto& event : protocol::kEvents) events.push_back(event.value);
    res.Ok({{"protocol", kProtocolVersion},
            {"methods", methods},
            {"dataTypes", engine.channel.RegisteredDataTypes()},
            {"events", events}});
  });

  engine.channel.OnRequest(protocol::method::kEngineSetLogLevel, [&engine](const Request& req, const Responder& res) {
    ParamReader p(req.data);
    engine.log.SetLevel(LogLevel(p.Int("logLevel", 0, 5)));
    res.Ok();
  });

  engine.channel.OnRequest(protocol::method::kEngineShutdown, [&engine](const Request&, const Responder& res) {
    res.Ok();
    engine.channel.Stop();
  });

  // Answers after an optional delay; used to check liveness and, in tests,
  // to hold a request open while the engine is killed.
  engine.channel.OnRequest(protocol::method::kDebugEcho, [](const Request& req, const Responder& res) {
    ParamReader p(req.data);
    const int64_t delay_ms = p.OptInt("delayMs", 0, 60000).value_or(0);
    json value = req.data.contains("value") ? req.data["value"] : json(nullptr);
    if (delay_ms == 0) return res.Ok({{"value", value}});
    std::thread([res, value, delay_ms] {
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
      res.Ok({{"value", value}});
    }).detach();
  });
}

const HandlerRegistration kRegistration("engine", RegisterEngineHandlers);

}  // namespace
}  // namespace dn::engine
