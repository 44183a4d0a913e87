#include "engine/audio/stall_catch_up.h"

#include <algorithm>

namespace dn::engine::audio {
namespace {

constexpr int64_t kNsPerMs = 1'000'000;
constexpr int64_t kTickNs = 10 * kNsPerMs;

}  // namespace

bool StallCatchUp::WasLive(int64_t at_ns) const {
  return last_full_ && last_write_ns_ != 0 && at_ns - last_write_ns_ < kLiveMs * kNsPerMs;
}

bool StallCatchUp::WriterCaughtUp(int64_t now_ns) const {
  const int64_t frames_per_ms = frames_per_tick_ / 10;
  const int64_t elapsed = (now_ns - gap_started_ns_) / kNsPerMs * frames_per_ms;
  const int64_t written = written_frames_ - written_at_gap_;
  return written >= elapsed && written <= elapsed + kLiveMs * frames_per_ms;
}

int64_t StallCatchUp::FramesToDrop(int64_t queued_frames, int64_t now_ns) {
  if (debt_frames_ == 0) return 0;
  if (now_ns > debt_until_ns_) {
    // The writer did not catch up: what it missed is lost, nothing to drop.
    debt_frames_ = 0;
    return 0;
  }
  if (!WriterCaughtUp(now_ns)) return 0;
  const int64_t keep = kKeepMs / 10 * frames_per_tick_;
  const int64_t drop = std::min(debt_frames_, queued_frames - keep);
  if (drop <= 0) return 0;
  debt_frames_ -= drop;
  dropped_frames_ += uint64_t(drop);
  if (!debt_counted_) {
    debt_counted_ = true;
    ++stalls_caught_up_;
  }
  return drop;
}

void StallCatchUp::OnTick(int64_t scheduled_ns, int64_t taken_frames, int64_t now_ns) {
  // The clock skips ticks when it wakes too late to catch up (TenMsClock's reset).
  const int64_t skipped = last_scheduled_ns_ == 0 ? 0 : (scheduled_ns - last_scheduled_ns_) / kTickNs - 1;
  last_scheduled_ns_ = scheduled_ns;
  if (skipped > 0 && (in_gap_ || WasLive(last_tick_ns_))) {
    if (!in_gap_) StartGap(last_tick_ns_, written_at_last_tick_);
    gap_frames_ += skipped * frames_per_tick_;
  }
  const bool full = taken_frames >= frames_per_tick_;
  if (!full && !in_gap_ && WasLive(now_ns)) StartGap(now_ns, written_frames_);
  if (in_gap_ && now_ns - gap_started_ns_ > kWindowMs * kNsPerMs) {
    // A pause of the writer, not a stall.
    in_gap_ = false;
    gap_frames_ = 0;
  }
  if (in_gap_ && !full) gap_frames_ += frames_per_tick_ - taken_frames;
  if (in_gap_ && full) CloseGap(now_ns);
  last_full_ = full;
  last_tick_ns_ = now_ns;
  written_at_last_tick_ = written_frames_;
}

void StallCatchUp::StartGap(int64_t at_ns, int64_t written_at) {
  in_gap_ = true;
  gap_started_ns_ = at_ns;
  // Writes that arrived after the gap began (during a clock stall) count as catching up.
  written_at_gap_ = written_at;
}

void StallCatchUp::CloseGap(int64_t now_ns) {
  in_gap_ = false;
  const int64_t gap = gap_frames_;
  gap_frames_ = 0;
  if (gap < kMinStallMs / 10 * frames_per_tick_) return;
  last_stall_frames_ = gap;
  debt_frames_ += gap;
  debt_until_ns_ = now_ns + kWindowMs * kNsPerMs;
  debt_counted_ = false;
}

}  // namespace dn::engine::audio
