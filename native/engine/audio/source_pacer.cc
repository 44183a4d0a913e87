#include "engine/audio/source_pacer.h"

#include <algorithm>

namespace dn::engine::audio {

SourcePacer::SourcePacer() : clock_("dn-audio-pacer", [this](int64_t ns) { Tick(ns); }) { clock_.Start(); }

SourcePacer::~SourcePacer() { Stop(); }

void SourcePacer::Stop() { clock_.Stop(); }

void SourcePacer::Add(rtc::scoped_refptr<PushAudioSource> source) {
  std::lock_guard<std::mutex> lock(mu_);
  sources_.push_back(std::move(source));
}

void SourcePacer::Remove(const PushAudioSource* source) {
  std::lock_guard<std::mutex> lock(mu_);
  sources_.erase(
      std::remove_if(sources_.begin(), sources_.end(), [source](const auto& s) { return s.get() == source; }),
      sources_.end());
}

void SourcePacer::Tick(int64_t scheduled_ns) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    snapshot_ = sources_;
  }
  for (auto& s : snapshot_) s->Tick(scheduled_ns);
  snapshot_.clear();
}

}  // namespace dn::engine::audio
