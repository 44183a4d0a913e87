#include "engine/video/video_area.h"

#include "engine/channel/param_error.h"
#include "engine/core/engine.h"

namespace dn::engine {

VideoArea::~VideoArea() { renderers_.clear(); }

void VideoArea::CreateSource(const std::string& source_id, int64_t width, int64_t height, ColorFormat format) {
  if (sources_.count(source_id)) throw ParamError("sourceId", "a video source '" + source_id + "' already exists");
  if (auto problem = InputDimensionsProblem(format, width, height)) throw ParamError(problem->field, problem->reason);
  sources_.emplace(source_id, rtc::make_ref_counted<PushVideoSource>(int(width), int(height), format));
}

void VideoArea::ReleaseSource(const std::string& source_id) {
  if (!sources_.erase(source_id)) throw StateError("no video source '" + source_id + "'");
}

void VideoArea::PushFrame(const std::string& source_id, const uint8_t* data, size_t size) {
  auto it = sources_.find(source_id);
  if (it == sources_.end()) throw StateError("no video source '" + source_id + "'");
  if (std::string problem = it->second->Push(data, size); !problem.empty())
    throw ParamError("frame", "video source '" + source_id + "': " + problem);
}

void VideoArea::CreateTrack(Engine& engine, const std::string& track_id, const std::string& source_id) {
  auto it = sources_.find(source_id);
  if (it == sources_.end()) throw ParamError("sourceId", "no video source '" + source_id + "'");
  if (engine.tracks.Find(track_id)) throw ParamError("trackId", "a track '" + track_id + "' already exists");
  rtc::scoped_refptr<webrtc::VideoTrackInterface> track =
      engine.media.factory()->CreateVideoTrack(track_id, it->second.get());
  if (!track) throw StateError("libwebrtc could not create video track '" + track_id + "'");
  engine.tracks.Add(track_id, track);
  local_tracks_.insert(track_id);
}

void VideoArea::ReleaseTrack(Engine& engine, const std::string& track_id) {
  if (!local_tracks_.erase(track_id)) throw StateError("no local video track '" + track_id + "'");
  engine.tracks.Remove(track_id);
}

void VideoArea::CreateRenderer(Engine& engine, const std::string& renderer_id, const std::string& track_id,
                               ColorFormat format, int max_pending) {
  if (renderers_.count(renderer_id))
    throw ParamError("rendererId", "a video renderer '" + renderer_id + "' already exists");
  TrackRegistry::TrackRef track = engine.tracks.Find(track_id);
  if (!track) throw ParamError("trackId", "no track '" + track_id + "'");
  if (track->kind() != webrtc::MediaStreamTrackInterface::kVideoKind)
    throw ParamError("trackId", "track '" + track_id + "' is an " + track->kind() + " track, not a video track");
  rtc::scoped_refptr<webrtc::VideoTrackInterface> video(static_cast<webrtc::VideoTrackInterface*>(track.get()));
  auto renderer = std::make_unique<VideoRenderer>(renderer_id, video, format, max_pending, engine.channel);
  renderer->Start();
  renderers_.emplace(renderer_id, std::move(renderer));
}

std::pair<uint64_t, uint64_t> VideoArea::StopRenderer(const std::string& renderer_id) {
  auto it = renderers_.find(renderer_id);
  if (it == renderers_.end()) throw StateError("no video renderer '" + renderer_id + "'");
  std::pair<uint64_t, uint64_t> counts{it->second->delivered(), it->second->dropped()};
  renderers_.erase(it);
  return counts;
}

void VideoArea::AckRenderer(const std::string& renderer_id) {
  // An ack can cross a stop on the channel; then there is nothing to do.
  if (auto it = renderers_.find(renderer_id); it != renderers_.end()) it->second->Ack();
}

const VideoRenderer* VideoArea::FindRenderer(const std::string& renderer_id) const {
  auto it = renderers_.find(renderer_id);
  return it == renderers_.end() ? nullptr : it->second.get();
}

}  // namespace dn::engine
