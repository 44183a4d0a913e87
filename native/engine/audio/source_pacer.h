// One engine thread that paces every push source: each 10 ms it asks each
// source for its next frame. Audio written ahead therefore leaves the engine
// on time whatever the SDK's event loop is doing.
#pragma once

#include <mutex>
#include <vector>

#include <api/scoped_refptr.h>

#include "engine/audio/push_audio_source.h"
#include "engine/audio/ten_ms_clock.h"

namespace dn::engine::audio {

class SourcePacer {
 public:
  SourcePacer();
  ~SourcePacer();

  void Add(rtc::scoped_refptr<PushAudioSource> source);
  void Remove(const PushAudioSource* source);
  void Stop();
  uint64_t clock_resets() const { return clock_.resets(); }
  bool realtime() const { return clock_.realtime(); }

 private:
  void Tick(int64_t scheduled_ns);

  std::mutex mu_;
  std::vector<rtc::scoped_refptr<PushAudioSource>> sources_;
  std::vector<rtc::scoped_refptr<PushAudioSource>> snapshot_;
  TenMsClock clock_;
};

}  // namespace dn::engine::audio
