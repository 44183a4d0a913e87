#include "engine/peer/telephone_event_tap.h"

#include <algorithm>

namespace dn::engine::peer {

char TelephoneEventReader::ToneOf(uint8_t event) {
  static constexpr char kTones[] = "0123456789*#ABCD";
  return event < 16 ? kTones[event] : 0;
}

std::optional<Digit> TelephoneEventReader::OnPacket(uint32_t timestamp, const uint8_t* payload, size_t size,
                                                    int clock_rate) {
  if (size < 4 || clock_rate <= 0) return std::nullopt;
  std::optional<Digit> done;
  if (!active_ || timestamp != timestamp_) {
    // A new press. The previous one is reported now if its end never came.
    if (active_ && !reported_ && tone_) done = Digit{tone_, duration_ms_};
    active_ = true;
    reported_ = false;
    timestamp_ = timestamp;
    duration_ms_ = 0;
  }
  tone_ = ToneOf(payload[0]);
  const bool end = (payload[1] & 0x80) != 0;
  const int duration = (int(payload[2]) << 8) | int(payload[3]);
  duration_ms_ = std::max(duration_ms_, int(int64_t(duration) * 1000 / clock_rate));
  if (end && !reported_ && tone_ && !done) {
    reported_ = true;
    return Digit{tone_, duration_ms_};
  }
  return done;
}

void TelephoneEventTap::SetPayloadTypes(std::map<int, int> clock_by_payload_type) {
  std::lock_guard<std::mutex> lock(mu_);
  clock_by_payload_type_ = std::move(clock_by_payload_type);
}

std::optional<Digit> TelephoneEventTap::Read(const webrtc::TransformableFrameInterface& frame) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = clock_by_payload_type_.find(frame.GetPayloadType());
  if (it == clock_by_payload_type_.end()) return std::nullopt;
  const auto data = frame.GetData();
  return readers_[frame.GetSsrc()].OnPacket(frame.GetTimestamp(), data.data(), data.size(), it->second);
}

// Runs on libwebrtc's receive path: the frame goes on at once, unchanged.
void TelephoneEventTap::Transform(std::unique_ptr<webrtc::TransformableFrameInterface> frame) {
  const std::optional<Digit> digit = Read(*frame);
  if (auto callback = CallbackFor(frame->GetSsrc())) callback->OnTransformedFrame(std::move(frame));
  if (digit) on_digit_(*digit);
}

rtc::scoped_refptr<webrtc::TransformedFrameCallback> TelephoneEventTap::CallbackFor(uint32_t ssrc) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sink_callbacks_.find(ssrc);
  return it != sink_callbacks_.end() ? it->second : callback_;
}

void TelephoneEventTap::RegisterTransformedFrameCallback(rtc::scoped_refptr<webrtc::TransformedFrameCallback> cb) {
  std::lock_guard<std::mutex> lock(mu_);
  callback_ = std::move(cb);
}

void TelephoneEventTap::RegisterTransformedFrameSinkCallback(rtc::scoped_refptr<webrtc::TransformedFrameCallback> cb,
                                                             uint32_t ssrc) {
  std::lock_guard<std::mutex> lock(mu_);
  sink_callbacks_[ssrc] = std::move(cb);
}

void TelephoneEventTap::UnregisterTransformedFrameCallback() {
  std::lock_guard<std::mutex> lock(mu_);
  callback_ = nullptr;
}

void TelephoneEventTap::UnregisterTransformedFrameSinkCallback(uint32_t ssrc) {
  std::lock_guard<std::mutex> lock(mu_);
  sink_callbacks_.erase(ssrc);
}

}  // namespace dn::engine::peer
