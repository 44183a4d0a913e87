// Received DTMF heard as tones: a sink on a remote audio track that runs
// Goertzel filters at the eight DTMF frequencies over 205-sample windows of
// the decoded audio (8 kHz). It is the fallback of TelephoneEventTap: libwebrtc
// M108 applies frame transformers only to receive streams with a signaled
// SSRC, and SIP peers (relayed by Janus as they are) often send from SSRCs the
// SDP never named, or switch SSRC for the events. NetEq renders received
// telephone-events as tones in the decoded audio, so they are heard here
// whatever their SSRC (and so are in-band tones a gateway passes as audio).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include <api/media_stream_interface.h>

#include "engine/audio/block_converter.h"
#include "engine/peer/telephone_event_tap.h"

namespace dn::engine::peer {

// The DTMF key whose two tones carry (nearly) all the energy of `n` samples at
// 8 kHz, or 0. Strict on purpose: speech and music must not pass.
char DetectDtmfKey(const int16_t* samples, size_t n);

class DtmfToneDetector : public webrtc::AudioTrackSinkInterface {
 public:
  static constexpr int kRate = 8000;
  static constexpr size_t kWindow = 205;  // 25.6 ms; bins 39 Hz apart
  // A key counts once heard in this many windows in a row (about 51 ms) ...
  static constexpr int kMinWindows = 2;
  // ... and ends after this many windows without it.
  static constexpr int kEndWindows = 2;

  using OnDigit = std::function<void(const Digit&)>;
  // `enabled` is asked per window (the tap turns this detector off once it reads events).
  DtmfToneDetector(OnDigit on_digit, std::function<bool()> enabled);

  using webrtc::AudioTrackSinkInterface::OnData;
  void OnData(const void* audio_data, int bits_per_sample, int sample_rate, size_t number_of_channels,
              size_t number_of_frames) override;

  // One window's verdict (exposed for tests): feeds the key state machine.
  void OnWindow(char key);

 private:
  void Finish();

  const OnDigit on_digit_;
  const std::function<bool()> enabled_;
  audio::BlockConverter converter_;
  std::vector<int16_t> pending_;
  char active_ = 0;
  int active_windows_ = 0;
  int missed_windows_ = 0;
};

}  // namespace dn::engine::peer
