// Received DTMF (RFC 4733 telephone-events). libwebrtc M108 has no callback
// for them: NetEq only renders them as tones into playout. So every audio
// receiver gets this frame transformer between depacketizer and decoder. It
// passes every frame on untouched and reads the ones whose payload type was
// negotiated as telephone-event: one event per key press, reported once
// (the end packet is sent three times; all packets of one press share an RTP
// timestamp).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>

#include <api/frame_transformer_interface.h>

namespace dn::engine::peer {

// A key press read from telephone-event packets.
struct Digit {
  char tone;
  int duration_ms;
};

// Turns the packets of one RTP stream into key presses (no threads, no libwebrtc).
class TelephoneEventReader {
 public:
  // `payload` is the RTP payload (4 bytes: event, E|R|volume, duration in
  // timestamp units); `clock_rate` the telephone-event clock. Returns a digit
  // when the packet completes one: its first end packet, or the first packet
  // of the next press when every end packet of the previous one was lost.
  std::optional<Digit> OnPacket(uint32_t timestamp, const uint8_t* payload, size_t size, int clock_rate);

  // '0'-'9', '*', '#', 'A'-'D' for events 0-15; 0 for the others (flash, tones).
  static char ToneOf(uint8_t event);

 private:
  bool active_ = false;
  bool reported_ = false;
  uint32_t timestamp_ = 0;
  char tone_ = 0;
  int duration_ms_ = 0;
};

class TelephoneEventTap : public webrtc::FrameTransformerInterface {
 public:
  using OnDigit = std::function<void(const Digit&)>;

  explicit TelephoneEventTap(OnDigit on_digit) : on_digit_(std::move(on_digit)) {}

  // Payload type -> clock rate of the telephone-event codecs negotiated.
  void SetPayloadTypes(std::map<int, int> clock_by_payload_type);

  void Transform(std::unique_ptr<webrtc::TransformableFrameInterface> frame) override;
  void RegisterTransformedFrameCallback(rtc::scoped_refptr<webrtc::TransformedFrameCallback> callback) override;
  void RegisterTransformedFrameSinkCallback(rtc::scoped_refptr<webrtc::TransformedFrameCallback> callback,
                                            uint32_t ssrc) override;
  void UnregisterTransformedFrameCallback() override;
  void UnregisterTransformedFrameSinkCallback(uint32_t ssrc) override;

 private:
  rtc::scoped_refptr<webrtc::TransformedFrameCallback> CallbackFor(uint32_t ssrc);
  std::optional<Digit> Read(const webrtc::TransformableFrameInterface& frame);

  const OnDigit on_digit_;
  std::mutex mu_;
  std::map<int, int> clock_by_payload_type_;
  rtc::scoped_refptr<webrtc::TransformedFrameCallback> callback_;
  std::map<uint32_t, rtc::scoped_refptr<webrtc::TransformedFrameCallback>> sink_callbacks_;
  std::map<uint32_t, TelephoneEventReader> readers_;  // by SSRC
};

}  // namespace dn::engine::peer
