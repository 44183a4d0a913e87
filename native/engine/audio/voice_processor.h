// libwebrtc's AudioProcessingModule on one virtual microphone, as a browser
// runs it on getUserMedia audio: echo cancellation (AEC3) against what the
// selected speaker plays, noise suppression and automatic gain control, each
// switched on by the microphone's customConstraints. The pacer thread
// processes the microphone's 10 ms frames; the playout thread feeds the
// speaker's (the echo reference); settings change from the channel thread.
// AudioProcessing locks its render and capture sides itself.
#pragma once

#include <api/scoped_refptr.h>

#include <cstdint>

#include "engine/audio/audio_format.h"

namespace webrtc {
class AudioProcessing;
}

namespace dn::engine::audio {

struct VoiceProcessing {
  bool echo_cancellation = false;
  bool noise_suppression = false;
  bool auto_gain_control = false;
  bool any() const { return echo_cancellation || noise_suppression || auto_gain_control; }
};

class VoiceProcessor {
 public:
  explicit VoiceProcessor(VoiceProcessing settings);
  ~VoiceProcessor();
  VoiceProcessor(const VoiceProcessor&) = delete;
  VoiceProcessor& operator=(const VoiceProcessor&) = delete;

  void Apply(VoiceProcessing settings);
  bool echo_cancellation() const;

  // One 10 ms frame of the microphone, processed in place. Returns libwebrtc's error code (0 = ok).
  int ProcessCapture(int16_t* interleaved, AudioFormat format);
  // One 10 ms frame of what the speaker plays (the echo to remove).
  int AnalyzePlayout(const int16_t* interleaved, AudioFormat format);

 private:
  rtc::scoped_refptr<webrtc::AudioProcessing> apm_;
};

}  // namespace dn::engine::audio
