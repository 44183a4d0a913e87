#include "engine/audio/cadence_stats.h"

#include <algorithm>
#include <cstdlib>

namespace dn::engine::audio {
namespace {

double PercentileMs(std::vector<int64_t> values, double p) {
  if (values.empty()) return 0;
  const size_t k = std::min(values.size() - 1, size_t(p * double(values.size() - 1) + 0.5));
  std::nth_element(values.begin(), values.begin() + long(k), values.end());
  return double(values[k]) / 1e6;
}

}  // namespace

void CadenceStats::OnFrame(int64_t scheduled_ns, int64_t pushed_ns, bool had_audio, bool full_frame) {
  std::lock_guard<std::mutex> lock(mu_);
  if (interval_dev_ns_.size() < kWindow) {
    interval_dev_ns_.reserve(kWindow);
    lateness_ns_.reserve(kWindow);
  }
  const int64_t late = pushed_ns - scheduled_ns;
  auto put = [](std::vector<int64_t>& ring, size_t& next, int64_t v) {
    if (ring.size() < kWindow)
      ring.push_back(v);
    else
      ring[next % kWindow] = v;
    ++next;
  };
  if (last_push_ns_ != 0) put(interval_dev_ns_, next_interval_, std::llabs(pushed_ns - last_push_ns_ - 10'000'000));
  put(lateness_ns_, next_lateness_, late);
  last_push_ns_ = pushed_ns;
  ++frames_;
  if (had_audio)
    ++audio_frames_;
  else
    ++silent_frames_;
  // An underrun: the queue was delivering full frames and then could not.
  if (was_full_ && !full_frame) ++underruns_;
  was_full_ = full_frame;
}

nlohmann::json CadenceStats::ToJson() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {{"frames", frames_},
          {"audioFrames", audio_frames_},
          {"silentFrames", silent_frames_},
          {"underruns", underruns_},
          {"samples", lateness_ns_.size()},
          {"intervalJitterP50Ms", PercentileMs(interval_dev_ns_, 0.50)},
          {"intervalJitterP99Ms", PercentileMs(interval_dev_ns_, 0.99)},
          {"intervalJitterMaxMs", PercentileMs(interval_dev_ns_, 1.0)},
          {"latenessP50Ms", PercentileMs(lateness_ns_, 0.50)},
          {"latenessP99Ms", PercentileMs(lateness_ns_, 0.99)},
          {"latenessMaxMs", PercentileMs(lateness_ns_, 1.0)}};
}

void CadenceStats::Reset() {
  std::lock_guard<std::mutex> lock(mu_);
  interval_dev_ns_.clear();
  lateness_ns_.clear();
  next_interval_ = next_lateness_ = 0;
  last_push_ns_ = 0;
  frames_ = audio_frames_ = silent_frames_ = underruns_ = 0;
  was_full_ = false;
}

}  // namespace dn::engine::audio
