// Hands what the selected speaker plays to every microphone that cancels
// echo: the playout thread calls Feed() with each 10 ms of the mix. Holds the
// processors weakly, so a released microphone drops out by itself.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "engine/audio/audio_format.h"
#include "engine/audio/voice_processor.h"

namespace dn::engine::audio {

class EchoReference {
 public:
  void Add(const std::shared_ptr<VoiceProcessor>& processor);
  void Feed(const int16_t* interleaved, AudioFormat format);

 private:
  std::mutex mu_;
  std::vector<std::weak_ptr<VoiceProcessor>> processors_;
  std::vector<std::shared_ptr<VoiceProcessor>> feeding_;  // playout thread only
};

}  // namespace dn::engine::audio
