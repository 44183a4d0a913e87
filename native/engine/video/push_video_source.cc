#include "engine/video/push_video_source.h"

#include <api/video/video_frame.h>
#include <rtc_base/time_utils.h>

namespace dn::engine {

PushVideoSource::PushVideoSource(int width, int height, ColorFormat format)
    : width_(width), height_(height), format_(format) {}

std::string PushVideoSource::Push(const uint8_t* data, size_t size) {
  const size_t expected = FrameBytes(format_, width_, height_);
  if (size != expected) {
    return "frame has " + std::to_string(size) + " bytes, a " + std::to_string(width_) + "x" + std::to_string(height_) +
           " " + ColorFormatName(format_) + " frame has " + std::to_string(expected);
  }
  const int64_t now_us = rtc::TimeMicros();
  int out_w = 0, out_h = 0, crop_w = 0, crop_h = 0, crop_x = 0, crop_y = 0;
  if (!AdaptFrame(width_, height_, now_us, &out_w, &out_h, &crop_w, &crop_h, &crop_x, &crop_y)) return "";

  rtc::scoped_refptr<webrtc::I420Buffer> image = ConvertToI420(data, format_, width_, height_);
  if (out_w != width_ || out_h != height_) {
    // A sink (the encoder under load or low bandwidth) asked for fewer pixels.
    auto scaled = webrtc::I420Buffer::Create(out_w, out_h);
    scaled->CropAndScaleFrom(*image, crop_x, crop_y, crop_w, crop_h);
    image = scaled;
  }
  OnFrame(webrtc::VideoFrame::Builder()
              .set_video_frame_buffer(image)
              .set_timestamp_us(now_us)
              .set_rotation(webrtc::kVideoRotation_0)
              .build());
  return "";
}

}  // namespace dn::engine
