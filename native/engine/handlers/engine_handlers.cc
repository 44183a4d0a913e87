// engine.* methods: the handshake, logging, shutdown and diagnostics.
#include <unistd.h>

#include <chrono>
#include <thread>

#include "engine/core/engine.h"
#include "engine/core/handler_registration.h"
#include "engine/core/heap_figures.h"

namespace dn::engine {

namespace {

namespace method = protocol::method;
namespace params = protocol::params;

void RegisterEngineHandlers(Engine& engine) {
  auto& ch = engine.channel;
  ch.Handle(method::kEngineInit, [&engine](const params::EngineInit& p, const Responder& res) {
    const int64_t protocol = IntInRange("protocol", p.protocol, 0, 1 << 30);
    if (protocol != kProtocolVersion)
      throw ParamError("protocol", "the SDK speaks protocol " + std::to_string(protocol) + ", this engine speaks " +
                                       std::to_string(kProtocolVersion));
    engine.log.SetLevel(LogLevel(IntInRange("logLevel", p.logLevel, 0, 5)));
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
  ch.Handle(method::kEngineDescribe, [&engine](const params::EngineDescribe&, const Responder& res) {
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

  ch.Handle(method::kEngineSetLogLevel, [&engine](const params::EngineSetLogLevel& p, const Responder& res) {
    engine.log.SetLevel(LogLevel(IntInRange("logLevel", p.logLevel, 0, 5)));
    res.Ok();
  });

  ch.Handle(method::kEngineShutdown, [&engine](const params::EngineShutdown&, const Responder& res) {
    res.Ok();
    engine.channel.Stop();
  });

  // Live objects and heap figures: churn tests use them to tell a leak from
  // the allocator. Runs on the channel thread, as the video area requires.
  ch.Handle(method::kEngineStats, [&engine](const params::EngineStats& p, const Responder& res) {
    const auto audio = engine.audio.counts();
    const HeapFigures heap = ReadHeapFigures(p.trimHeap.value_or(false));
    res.Ok({{"peerConnections", engine.peers.size()},
            {"tracks", engine.tracks.size()},
            {"audioSources", audio.sources},
            {"mixers", audio.mixers},
            {"speakers", audio.speakers},
            {"audioRenderers", audio.renderers},
            {"videoSources", engine.video.source_count()},
            {"videoRenderers", engine.video.renderer_count()},
            {"heapInUseBytes", heap.in_use_bytes},
            {"heapFreeBytes", heap.free_bytes},
            {"rssKiB", heap.rss_kib}});
  });

  // Answers after an optional delay; used to check liveness and, in tests,
  // to hold a request open while the engine is killed.
  ch.Handle(method::kDebugEcho, [](const params::DebugEcho& p, const Responder& res) {
    const int64_t delay_ms = IntInRange("delayMs", p.delayMs, 0, 60000).value_or(0);
    json value = p.value;
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
