// The engine's video state: sources the SDK writes frames into, the local
// video tracks made from them (registered in the TrackRegistry so that peer
// connections can send them), and renderers on any video track.
//
// Used only from the channel thread (requests and data frames), except that
// renderers receive frames on libwebrtc's threads.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>

#include <api/scoped_refptr.h>

#include "engine/video/color_format.h"
#include "engine/video/push_video_source.h"
#include "engine/video/video_renderer.h"

namespace dn::engine {

struct Engine;

class VideoArea {
 public:
  VideoArea() = default;
  // Renderers detach first, then tracks and sources are released; the media
  // threads must still run (the Engine declares this member after them).
  ~VideoArea();
  VideoArea(const VideoArea&) = delete;
  VideoArea& operator=(const VideoArea&) = delete;

  void CreateSource(const std::string& source_id, int64_t width, int64_t height, ColorFormat format);
  void ReleaseSource(const std::string& source_id);
  void PushFrame(const std::string& source_id, const uint8_t* data, size_t size);

  void CreateTrack(Engine& engine, const std::string& track_id, const std::string& source_id);
  void ReleaseTrack(Engine& engine, const std::string& track_id);

  void CreateRenderer(Engine& engine, const std::string& renderer_id, const std::string& track_id, ColorFormat format,
                      int max_pending);
  // Returns the renderer's frame counts before it is removed.
  std::pair<uint64_t, uint64_t> StopRenderer(const std::string& renderer_id);
  void AckRenderer(const std::string& renderer_id);
  const VideoRenderer* FindRenderer(const std::string& renderer_id) const;
  size_t source_count() const { return sources_.size(); }
  size_t renderer_count() const { return renderers_.size(); }

 private:
  std::map<std::string, std::unique_ptr<VideoRenderer>> renderers_;
  std::map<std::string, rtc::scoped_refptr<PushVideoSource>> sources_;
  std::set<std::string> local_tracks_;  // ids this area put into the TrackRegistry
};

}  // namespace dn::engine
