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

ColorFormat ReadColorFormat(const ParamReader& p, const char* key) {
  const std::string name = p.String(key);
  auto format = ParseColorFormat(name);
  if (!format) throw ParamError(p.FieldName(key), "invalid color format '" + name + "'");
  return *format;
}

// Local track ids travel in SDP (msid), so they are kept to token characters.
std::string ReadLocalTrackId(const ParamReader& p, const char* key) {
  std::string id = p.String(key);
  bool ok = !id.empty() && id.size() <= 64;
  for (char c : id) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.');
  if (!ok) throw ParamError(p.FieldName(key), "must be 1 to 64 characters of A-Z, a-z, 0-9, '-', '_' or '.'");
  return id;
}

std::string ReadId(const ParamReader& p, const char* key) {
  std::string id = p.String(key);
  if (id.empty() || id.size() > 256) throw ParamError(p.FieldName(key), "must be 1 to 256 characters");
  return id;
}

void RequireMedia(Engine& engine) {
  if (!engine.media.started()) throw StateError("the media engine is not initialized (engine.init first)");
}

void RegisterVideoHandlers(Engine& engine) {
  constexpr int64_t kIntRange = std::numeric_limits<int32_t>::max();
  VideoArea& video = engine.video;

  engine.channel.OnRequest(protocol::method::kVideoCreateSource, [&](const Request& req, const Responder& res) {
    ParamReader p(req.data);
    const std::string id = ReadId(p, "sourceId");
    const int64_t width = p.Int("width", -kIntRange, kIntRange);
    const int64_t height = p.Int("height", -kIntRange, kIntRange);
    video.CreateSource(id, width, height, ReadColorFormat(p, "colorFormat"));
    res.Ok();
  });

  engine.channel.OnRequest(protocol::method::kVideoReleaseSource, [&](const Request& req, const Responder& res) {
    video.ReleaseSource(ReadId(ParamReader(req.data), "sourceId"));
    res.Ok();
  });

  engine.channel.OnRequest(protocol::method::kVideoCreateTrack, [&](const Request& req, const Responder& res) {
    RequireMedia(engine);
    ParamReader p(req.data);
    video.CreateTrack(engine, ReadLocalTrackId(p, "trackId"), ReadId(p, "sourceId"));
    res.Ok();
  });

  engine.channel.OnRequest(protocol::method::kVideoReleaseTrack, [&](const Request& req, const Responder& res) {
    video.ReleaseTrack(engine, ReadId(ParamReader(req.data), "trackId"));
    res.Ok();
  });

  engine.channel.OnRequest(protocol::method::kVideoCreateRenderer, [&](const Request& req, const Responder& res) {
    ParamReader p(req.data);
    const std::string id = ReadId(p, "rendererId");
    const std::string track_id = ReadId(p, "trackId");
    const ColorFormat format = ReadColorFormat(p, "colorFormat");
    const int max_pending = int(p.OptInt("maxPendingFrames", 1, 30).value_or(kDefaultMaxPendingFrames));
    video.CreateRenderer(engine, id, track_id, format, max_pending);
    res.Ok();
  });

  engine.channel.OnRequest(protocol::method::kVideoStopRenderer, [&](const Request& req, const Responder& res) {
    auto [delivered, dropped] = video.StopRenderer(ReadId(ParamReader(req.data), "rendererId"));
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
