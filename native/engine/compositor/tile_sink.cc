#include "engine/compositor/tile_sink.h"

namespace dn::engine::compositor {

TileSink::TileSink(rtc::scoped_refptr<webrtc::VideoTrackInterface> track) : track_(std::move(track)) {
  track_->AddOrUpdateSink(this, rtc::VideoSinkWants());
}

TileSink::~TileSink() { track_->RemoveSink(this); }

rtc::scoped_refptr<webrtc::VideoFrameBuffer> TileSink::Latest() const {
  std::lock_guard<std::mutex> lock(mu_);
  return latest_;
}

void TileSink::OnFrame(const webrtc::VideoFrame& frame) {
  std::lock_guard<std::mutex> lock(mu_);
  latest_ = frame.video_frame_buffer();
}

}  // namespace dn::engine::compositor
