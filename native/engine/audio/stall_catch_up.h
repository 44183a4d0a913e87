// Keeps a live audio stream (a non-blocking microphone fed as the audio is
// produced) from falling further behind real time with each stall.
//
// When the writer stalls, the queue runs dry and the pacer sends silence; when
// the pacer's clock stalls, it skips the ticks it missed. Either way the stream
// loses that much time, and when the writer then catches up (it writes what it
// produced meanwhile in a burst) the queue keeps that audio: without this class
// every stall added its length to the sound's delay, while pictures went out at
// once (measured: 220 ms of silence left the queue 310 ms deep for the rest of a film).
//
// A gap counts as a stall only if the stream was live when it began: the last
// tick played a full frame and a write arrived less than kLiveMs before. A gap
// longer than kWindowMs is a pause, not a stall; one shorter than kMinStallMs is
// writer jitter, left alone: the queue grows by it once and then absorbs jitter
// that size (dropping there chopped the sound: 520 ms dropped in 8 s of a film
// on a quiet machine, and underruns rose from 4 to 40). After a stall the writer has
// caught up when it has written, since the gap began, about as much audio as
// time passed (not less: a pause then a shorter write; not more than kLiveMs
// beyond: a pause then a sentence written ahead). Then, within kWindowMs, up to
// the stall's length is dropped from the head of the queue, never below kKeepMs
// queued (so writer jitter is not cut). Audio written ahead (a deep queue, its
// last write long before the queue ran dry) is never dropped. Known limit: a
// live writer that pauses less than kWindowMs and then writes about as much
// audio as the pause lasted looks like a stall and loses that much.
// Not thread-safe: the owning source locks around it.
#pragma once

#include <cstdint>

namespace dn::engine::audio {

class StallCatchUp {
 public:
  static constexpr int64_t kLiveMs = 250;
  static constexpr int64_t kWindowMs = 1000;
  static constexpr int64_t kKeepMs = 100;
  static constexpr int64_t kMinStallMs = 100;

  // `frames_per_tick`: frames in one 10 ms frame at the source's rate.
  explicit StallCatchUp(int64_t frames_per_tick) : frames_per_tick_(frames_per_tick) {}

  // A write arrived (CLOCK_MONOTONIC ns).
  void OnWrite(int64_t frames, int64_t now_ns) {
    written_frames_ += frames;
    last_write_ns_ = now_ns;
  }
  // Before a tick takes its frame: frames to drop from the head of the queue now.
  int64_t FramesToDrop(int64_t queued_frames, int64_t now_ns);
  // After the tick scheduled at `scheduled_ns` took `taken_frames` (a full frame or fewer).
  void OnTick(int64_t scheduled_ns, int64_t taken_frames, int64_t now_ns);

  // Stalls whose late audio was (at least partly) dropped.
  uint64_t stalls_caught_up() const { return stalls_caught_up_; }
  // Frames dropped in all.
  uint64_t dropped_frames() const { return dropped_frames_; }
  // The length of the last stall that was closed, in frames (for the log line).
  int64_t last_stall_frames() const { return last_stall_frames_; }

 private:
  bool WasLive(int64_t at_ns) const;
  void StartGap(int64_t at_ns, int64_t written_at);
  void CloseGap(int64_t now_ns);
  bool WriterCaughtUp(int64_t now_ns) const;

  const int64_t frames_per_tick_;
  int64_t last_write_ns_ = 0;
  int64_t last_scheduled_ns_ = 0;
  int64_t last_tick_ns_ = 0;
  bool last_full_ = false;
  bool in_gap_ = false;
  int64_t gap_started_ns_ = 0;
  int64_t gap_frames_ = 0;
  int64_t written_frames_ = 0;
  int64_t written_at_gap_ = 0;
  int64_t written_at_last_tick_ = 0;
  int64_t debt_frames_ = 0;
  int64_t debt_until_ns_ = 0;
  bool debt_counted_ = false;
  int64_t last_stall_frames_ = 0;
  uint64_t stalls_caught_up_ = 0;
  uint64_t dropped_frames_ = 0;
};

}  // namespace dn::engine::audio
