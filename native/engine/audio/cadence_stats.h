// Timing of the 10 ms frames a source pushes, for the pacing benchmark:
// intervals between pushes and lateness against the ideal 10 ms grid.
#pragma once

#include <cstdint>
#include <mutex>
#include <vector>

#include <nlohmann/json.hpp>

namespace dn::engine::audio {

class CadenceStats {
 public:
  static constexpr size_t kWindow = 8192;  // about 80 s of frames

  // A frame left the engine at `pushed_ns`; its tick was scheduled at `scheduled_ns`.
  void OnFrame(int64_t scheduled_ns, int64_t pushed_ns, bool had_audio, bool full_frame);
  nlohmann::json ToJson() const;
  void Reset();

 private:
  mutable std::mutex mu_;
  std::vector<int64_t> interval_dev_ns_;  // |interval - 10 ms|, ring
  std::vector<int64_t> lateness_ns_;      // pushed - scheduled, ring
  size_t next_interval_ = 0;
  size_t next_lateness_ = 0;
  int64_t last_push_ns_ = 0;
  uint64_t frames_ = 0;
  uint64_t audio_frames_ = 0;
  uint64_t silent_frames_ = 0;
  uint64_t underruns_ = 0;
  bool was_full_ = false;
};

}  // namespace dn::engine::audio
