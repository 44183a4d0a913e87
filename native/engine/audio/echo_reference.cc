#include "engine/audio/echo_reference.h"

#include <algorithm>

namespace dn::engine::audio {

void EchoReference::Add(const std::shared_ptr<VoiceProcessor>& processor) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& p : processors_)
    if (p.lock() == processor) return;
  processors_.push_back(processor);
}

void EchoReference::Feed(const int16_t* interleaved, AudioFormat format) {
  feeding_.clear();
  {
    std::lock_guard<std::mutex> lock(mu_);
    processors_.erase(std::remove_if(processors_.begin(), processors_.end(), [](const auto& p) { return p.expired(); }),
                      processors_.end());
    for (const auto& p : processors_)
      if (auto locked = p.lock()) feeding_.push_back(std::move(locked));
  }
  // Outside the lock: a microphone being configured never waits for the APM's render work.
  for (const auto& p : feeding_)
    if (p->echo_cancellation()) p->AnalyzePlayout(interleaved, format);
  feeding_.clear();
}

}  // namespace dn::engine::audio
