// video.* methods and data frames: sources fed with frames from the SDK, local
// video tracks made from them, and renderers on any video track.
#include <cctype>
#include <limits>

#include "engine/channel/param_reader.h"
#include "engine/core/engine.h"
#include "engine/core/handler_registration.h"

namespace dn::engine {
namespace {

constexpr int kDefaultMaxPendingFrames = 2;

namespace method = protocol::method;
namespace params = protocol::params;

// The param struct has checked the name against the TS ColorFormat union.
ColorFormat ToColorFormat(const std::string& name) {
  auto format = ParseColorFormat(name);
  if (!format) throw ParamError("colorFormat", "invalid color format '" + name + "'");
  return *format;
}

// Local track ids travel in SDP (msid), so they are kept to token characters.
const std::string& LocalTrackId(const char* field, const std::string& id) {
  bool ok = !id.empty() && id.size() <= 64;
  for (char c : id) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.');
  if (!ok) throw ParamError(field, "must be 1 to 64 characters of A-Z, a-z, 0-9, '-', '_' or '.'");
  return id;
}

const std::string& Id(const char* field, const std::string& id) {
  if (id.empty() || id.size() > 256) throw ParamError(field, "must be 1 to 256 characters");
  return id;
}

// Data frame headers are not methods: they have no params struct.
std::string ReadId(const ParamReader& p, const char* key) { return Id(key, p.String(key)); }

void RequireMedia(Engine& engine) {
  if (!engine.media.started()) throw StateError("the media engine is not initialized (engine.init first)");
}

void RegisterVideoHandlers(Engine& engine) {
  constexpr int64_t kIntRange = std::numeric_limits<int32_t>::max();
  VideoArea& video = engine.video;
  auto& ch = engine.channel;

  ch.Handle(method::kVideoCreateSource, [&](const params::VideoCreateSource& p, const Responder& res) {
    const std::string& id = Id("sourceId", p.sourceId);
    const int64_t width = IntInRange("width", p.width, -kIntRange, kIntRange);
    const int64_t height = IntInRange("height", p.height, -kIntRange, kIntRange);
    video.CreateSource(id, width, height, ToColorFormat(p.colorFormat));
    res.Ok();
  });

  ch.Handle(method::kVideoReleaseSource, [&](const params::VideoReleaseSource& p, const Responder& res) {
    video.ReleaseSource(Id("sourceId", p.sourceId));
    res.Ok();
  });

  ch.Handle(method::kVideoCreateTrack, [&](const params::VideoCreateTrack& p, const Responder& res) {
    RequireMedia(engine);
    video.CreateTrack(engine, LocalTrackId("trackId", p.trackId), Id("sourceId", p.sourceId));
    res.Ok();
  });

  ch.Handle(method::kVideoReleaseTrack, [&](const params::VideoReleaseTrack& p, const Responder& res) {
    video.ReleaseTrack(engine, Id("trackId", p.trackId));
    res.Ok();
  });

  ch.Handle(method::kVideoCreateRenderer, [&](const params::VideoCreateRenderer& p, const Responder& res) {
    const std::string& id = Id("rendererId", p.rendererId);
    const std::string& track_id = Id("trackId", p.trackId);
    const ColorFormat format = ToColorFormat(p.colorFormat);
    const int max_pending =
        int(IntInRange("maxPendingFrames", p.maxPendingFrames, 1, 30).value_or(kDefaultMaxPendingFrames));
    video.CreateRenderer(engine, id, track_id, format, max_pending);
    res.Ok();
  });

  ch.Handle(method::kVideoStopRenderer, [&](const params::VideoStopRenderer& p, const Responder& res) {
    auto [delivered, dropped] = video.StopRenderer(Id("rendererId", p.rendererId));
    res.Ok({{"framesDelivered", delivered}, {"framesDropped", dropped}});
  });

  engine.channel.OnData(protocol::data::kVideoSourceFrame, [&](const json& header, std::vector<uint8_t>&& pixels) {
    video.PushFrame(ReadId(ParamReader(header), "sourceId"), pixels.data(), pixels.size());
  });

  engine.channel.OnData(protocol::data::kVideoRendererAck, [&](const json& header, std::vector<uint8_t>&&) {
    video.AckRenderer(ReadId(ParamReader(header), "rendererId"));
  });
}

const HandlerRegistration kRegistration("video", RegisterVideoHandlers);

}  // namespace
}  // namespace dn::engine
