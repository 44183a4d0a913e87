// Keeps the latest decoded picture of one video track for the compositor,
// which draws it at its own cadence (a picture arriving twice between ticks
// simply replaces the first).
#pragma once

#include <mutex>

#include <api/media_stream_interface.h>
#include <api/scoped_refptr.h>
#include <api/video/video_frame.h>
#include <api/video/video_sink_interface.h>

namespace dn::engine::compositor {

class TileSink : public rtc::VideoSinkInterface<webrtc::VideoFrame> {
 public:
  explicit TileSink(rtc::scoped_refptr<webrtc::VideoTrackInterface> track);
  // Detaches; RemoveSink waits for a picture being delivered.
  ~TileSink() override;
  TileSink(const TileSink&) = delete;
  TileSink& operator=(const TileSink&) = delete;

  const webrtc::VideoTrackInterface* track() const { return track_.get(); }
  // The latest picture, or null before the first.
  rtc::scoped_refptr<webrtc::VideoFrameBuffer> Latest() const;

  void OnFrame(const webrtc::VideoFrame& frame) override;

 private:
  const rtc::scoped_refptr<webrtc::VideoTrackInterface> track_;
  mutable std::mutex mu_;
  rtc::scoped_refptr<webrtc::VideoFrameBuffer> latest_;
};

}  // namespace dn::engine::compositor
