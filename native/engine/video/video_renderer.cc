#include "engine/video/video_renderer.h"

#include <api/video/i420_buffer.h>
#include <rtc_base/time_utils.h>

#include "engine/channel/engine_channel.h"

namespace dn::engine {

VideoRenderer::VideoRenderer(std::string id, rtc::scoped_refptr<webrtc::VideoTrackInterface> track, ColorFormat format,
                             int max_pending, EngineChannel& channel)
    : id_(std::move(id)), track_(std::move(track)), format_(format), max_pending_(max_pending), channel_(channel) {}

VideoRenderer::~VideoRenderer() {
  // RemoveSink runs on the worker thread and waits for a frame being delivered.
  if (started_) track_->RemoveSink(this);
}

void VideoRenderer::Start() {
  if (started_) return;
  started_ = true;
  track_->AddOrUpdateSink(this, rtc::VideoSinkWants());
}

void VideoRenderer::Ack() {
  int pending = pending_.load();
  while (pending > 0 && !pending_.compare_exchange_weak(pending, pending - 1)) {
  }
}

void VideoRenderer::OnFrame(const webrtc::VideoFrame& frame) {
  const int64_t received_us = rtc::TimeUTCMicros();
  if (pending_.load() >= max_pending_ || !channel_.connected()) {
    dropped_.fetch_add(1);
    return;
  }
  rtc::scoped_refptr<webrtc::I420BufferInterface> image = frame.video_frame_buffer()->ToI420();
  if (!image) {
    dropped_.fetch_add(1);
    return;
  }
  ConvertFromI420(*image, format_, pixels_);
  const json header = {{"type", protocol::data::kVideoRendererFrame.value},
                       {"rendererId", id_},
                       {"width", image->width()},
                       {"height", image->height()},
                       {"colorFormat", ColorFormatName(format_)},
                       {"timestampUs", received_us},
                       {"dropped", dropped_.load()}};
  pending_.fetch_add(1);
  if (channel_.SendData(header, pixels_.data(), pixels_.size())) {
    delivered_.fetch_add(1);
  } else {
    pending_.fetch_sub(1);
    dropped_.fetch_add(1);
  }
}

}  // namespace dn::engine
