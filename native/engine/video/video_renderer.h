// Delivers the frames of one video track to the SDK: each frame is converted
// to the requested color format and sent as a "video.rendererFrame" data frame.
//
// Flow control: at most `max_pending` frames may be on their way to JS
// (sent but not yet acknowledged with "video.rendererAck"). A frame that
// arrives while that many are pending is dropped before conversion, so a busy
// JS event loop sees fresh frames later instead of a growing backlog.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include <api/media_stream_interface.h>
#include <api/scoped_refptr.h>
#include <api/video/video_frame.h>
#include <api/video/video_sink_interface.h>

#include "engine/video/color_format.h"

namespace dn::engine {

class EngineChannel;

class VideoRenderer : public rtc::VideoSinkInterface<webrtc::VideoFrame> {
 public:
  VideoRenderer(std::string id, rtc::scoped_refptr<webrtc::VideoTrackInterface> track, ColorFormat format,
                int max_pending, EngineChannel& channel);
  // Detaches from the track; after this no frame callback runs.
  ~VideoRenderer() override;
  VideoRenderer(const VideoRenderer&) = delete;
  VideoRenderer& operator=(const VideoRenderer&) = delete;

  // Attaches to the track; frames flow from then on.
  void Start();
  // JS has handled one frame.
  void Ack();

  uint64_t delivered() const { return delivered_.load(); }
  uint64_t dropped() const { return dropped_.load(); }

  // rtc::VideoSinkInterface. Runs on the track's delivery thread (the decoder
  // queue for remote tracks, the writer's thread for local ones), one call at a time.
  void OnFrame(const webrtc::VideoFrame& frame) override;

 private:
  const std::string id_;
  const rtc::scoped_refptr<webrtc::VideoTrackInterface> track_;
  const ColorFormat format_;
  const int max_pending_;
  EngineChannel& channel_;
  bool started_ = false;
  std::atomic<int> pending_{0};
  std::atomic<uint64_t> delivered_{0};
  std::atomic<uint64_t> dropped_{0};
  std::vector<uint8_t> pixels_;  // reused between frames
};

}  // namespace dn::engine
