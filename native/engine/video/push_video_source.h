// A video track source fed with frames the SDK writes (a virtual camera or a
// CustomVideoSource). Each frame is converted to I420 and handed to the sinks
// (encoders of peer connections, local renderers) at the size they want.
#pragma once

#include <cstddef>
#include <cstdint>

#include <media/base/adapted_video_track_source.h>

#include "engine/video/color_format.h"

namespace dn::engine {

class PushVideoSource : public rtc::AdaptedVideoTrackSource {
 public:
  PushVideoSource(int width, int height, ColorFormat format);

  int width() const { return width_; }
  int height() const { return height_; }
  ColorFormat format() const { return format_; }

  // Takes one frame of exactly FrameBytes(format, width, height) bytes; any
  // other size is rejected with a message (the caller reports it). Safe from
  // any thread. Frames no sink wants are dropped before conversion.
  std::string Push(const uint8_t* data, size_t size);

  // webrtc::MediaSourceInterface / VideoTrackSourceInterface
  SourceState state() const override { return kLive; }
  bool remote() const override { return false; }
  bool is_screencast() const override { return false; }
  absl::optional<bool> needs_denoising() const override { return false; }

 private:
  const int width_;
  const int height_;
  const ColorFormat format_;
};

}  // namespace dn::engine
