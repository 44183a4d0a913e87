// compositor.* methods: a canvas and an audio mix made from tracks the engine
// receives, written to an encoder's pipes (native/engine/compositor).
#include <string>
#include <vector>

#include "engine/channel/param_reader.h"
#include "engine/core/engine.h"
#include "engine/core/handler_registration.h"

namespace dn::engine {
namespace {

namespace method = protocol::method;
namespace params = protocol::params;
using compositor::Compositor;
using compositor::TileSpec;

constexpr int64_t kMaxSide = 4096;
constexpr size_t kMaxTiles = 64;
constexpr size_t kMaxIdLength = 256;

const std::string& Id(const char* field, const std::string& id) {
  if (id.empty() || id.size() > kMaxIdLength) throw ParamError(field, "must be 1 to 256 characters");
  return id;
}

std::string MixerId(const std::string& compositor_id) { return "compositor:" + compositor_id; }

int IntField(const json& tile, const std::string& field, const char* key, int64_t min, int64_t max) {
  const std::string name = field + "." + key;
  if (!tile.contains(key) || !tile[key].is_number())
    throw ParamError(name, "must be a number, got " + std::string(tile.contains(key) ? tile[key].type_name() : "none"));
  return int(IntInRange(name, tile[key].get<double>(), min, max));
}

std::vector<TileSpec> ReadTiles(const json& tiles) {
  if (!tiles.is_array()) throw ParamError("tiles", "must be an array, got " + std::string(tiles.type_name()));
  if (tiles.size() > kMaxTiles) throw ParamError("tiles", "must hold at most " + std::to_string(kMaxTiles) + " tiles");
  std::vector<TileSpec> specs;
  for (size_t i = 0; i < tiles.size(); ++i) {
    const json& t = tiles[i];
    const std::string field = "tiles[" + std::to_string(i) + "]";
    if (!t.is_object()) throw ParamError(field, "must be an object, got " + std::string(t.type_name()));
    if (!t.contains("trackId") || !t["trackId"].is_string()) throw ParamError(field + ".trackId", "must be a string");
    TileSpec spec;
    spec.track_id = Id((field + ".trackId").c_str(), t["trackId"].get<std::string>());
    spec.rect = {IntField(t, field, "x", -kMaxSide, kMaxSide), IntField(t, field, "y", -kMaxSide, kMaxSide),
                 IntField(t, field, "width", 0, kMaxSide), IntField(t, field, "height", 0, kMaxSide)};
    specs.push_back(std::move(spec));
  }
  return specs;
}

Compositor& Find(Engine& engine, const std::string& id) {
  Compositor* c = engine.compositors.Find(Id("compositorId", id));
  if (!c) throw ParamError("compositorId", "no compositor with id '" + id + "'");
  return *c;
}

std::optional<compositor::VideoSettings> ReadVideo(const params::CompositorCreate& p) {
  const int64_t width = IntInRange("width", p.width, 2, kMaxSide);
  const int64_t height = IntInRange("height", p.height, 2, kMaxSide);
  const int64_t fps = IntInRange("fps", p.fps, 1, 60);
  const int64_t delay = IntInRange("pictureDelayMs", p.pictureDelayMs, 0, 2000);
  const auto background = compositor::ParseBackgroundColor(p.backgroundColor);
  if (!background) throw ParamError("backgroundColor", "must be #rrggbb or #aarrggbb, got '" + p.backgroundColor + "'");
  if (!p.videoPath) return std::nullopt;  // audio only
  if (p.videoPath->empty()) throw ParamError("videoPath", "must be a path or null");
  return compositor::VideoSettings{int(width), int(height), int(fps), *background, int(delay), *p.videoPath};
}

void RegisterCompositorHandlers(Engine& engine) {
  auto& ch = engine.channel;
  auto lookup = [&engine](const std::string& id) { return engine.tracks.Find(id); };

  ch.Handle(method::kCompositorCreate, [&engine, lookup](const params::CompositorCreate& p, const Responder& res) {
    if (!engine.media.started()) throw StateError("the media engine is not initialized (engine.init was not called)");
    const std::string& id = Id("compositorId", p.compositorId);
    if (engine.compositors.Has(id)) throw StateError("a compositor with id '" + id + "' exists");
    auto video = ReadVideo(p);
    if (p.audioPath.empty()) throw ParamError("audioPath", "must be a path");
    std::vector<TileSpec> tiles = ReadTiles(p.tiles);
    auto mixer = engine.audio.AddMixer(MixerId(id), {Compositor::kSampleRate, 1}, engine.media.signaling_thread());
    mixer->SetInputs(p.audioInputs, lookup);
    auto c = std::make_unique<Compositor>(std::move(video), p.audioPath, mixer, lookup);
    c->SetTiles(std::move(tiles));
    engine.compositors.Add(id, std::move(c));
    res.Ok();
  });

  ch.Handle(method::kCompositorSetLayout,
            [&engine, lookup](const params::CompositorSetLayout& p, const Responder& res) {
              Compositor& c = Find(engine, p.compositorId);
              std::vector<TileSpec> tiles = ReadTiles(p.tiles);
              c.mixer().SetInputs(p.audioInputs, lookup);
              c.SetTiles(std::move(tiles));
              res.Ok();
            });

  ch.Handle(method::kCompositorStats, [&engine](const params::CompositorStats& p, const Responder& res) {
    const compositor::CompositorCounters c = Find(engine, p.compositorId).counters();
    const std::string& error = c.pictures.error.empty() ? c.sound.error : c.pictures.error;
    // The picture pipe's first chunk is the stream header, not a picture.
    const uint64_t pictures = c.pictures.chunks_written > 0 ? c.pictures.chunks_written - 1 : 0;
    res.Ok({{"picturesWritten", pictures},
            {"picturesLeftOut", c.pictures.left_out},
            {"picturesQueuedMax", c.pictures.droppable_queued_max},
            {"audioSecondsWritten", double(c.sound.bytes_written) / (2.0 * Compositor::kSampleRate)},
            {"audioQueuedBytes", c.sound.queued_bytes},
            {"tilesAttached", c.tiles_attached},
            {"error", error.empty() ? json(nullptr) : json(error)}});
  });

  ch.Handle(method::kCompositorRelease, [&engine](const params::CompositorRelease& p, const Responder& res) {
    const std::string& id = Id("compositorId", p.compositorId);
    auto c = engine.compositors.Remove(id);
    if (!c) throw ParamError("compositorId", "no compositor with id '" + id + "'");
    c->mixer().DetachAll();
    c->Stop();
    engine.audio.RemoveMixer(MixerId(id));
    // The answer comes once the encoder has read everything (or was given up
    // on); a stuck encoder holds this request only, never the channel.
    engine.compositors.Retire(std::move(c), [res] { res.Ok(); });
  });
}

const HandlerRegistration kRegistration("compositor", RegisterCompositorHandlers);

}  // namespace
}  // namespace dn::engine
