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
  engine.channel.OnRequest("engine.init", [&engine](const Request& req, const Responder& res) {
    ParamReader p(req.data);
    const int64_t protocol = p.Int("protocol", 0, 1 << 30);
    if (protocol != kProtocolVersion)
      throw ParamError("protocol", "the SDK speaks protocol " + std::to_string(protocol) + ", this engine speaks " +
                                       std::to_string(kProtocolVersion));
    engine.log.SetLevel(LogLevel(p.OptInt("logLevel", 0, 5).value_or(0)));
    if (std::string err = engine.media.Start(); !err.empty()) {
      res.Error("engine-start-failed", err);
      return;
    }
    engine.log.Log(LogLevel::kInfo, "engine ready");
    res.Ok({{"pid", ::getpid()},
            {"protocol", kProtocolVersion},
            {"webrtc", "libtgowt (WebRTC M108)"},
            {"audioCodecs", engine.media.AudioCodecs()},
            {"videoCodecs", engine.media.VideoCodecs()}});
  });

  engine.channel.OnRequest("engine.setLogLevel", [&engine](const Request& req, const Responder& res) {
    ParamReader p(req.data);
    engine.log.SetLevel(LogLevel(p.Int("logLevel", 0, 5)));
    res.Ok();
  });

  engine.channel.OnRequest("engine.shutdown", [&engine](const Request&, const Responder& res) {
    res.Ok();
    engine.channel.Stop();
  });

  // Answers after an optional delay; used to check liveness and, in tests,
  // to hold a request open while the engine is killed.
  engine.channel.OnRequest("debug.echo", [](const Request& req, const Responder& res) {
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
