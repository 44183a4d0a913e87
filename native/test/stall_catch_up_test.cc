// StallCatchUp: which gaps of a live stream count as stalls, and how much late
// audio is dropped once the writer catches up (ticks driven by hand, 48 kHz).
#include <cstdint>

#include "engine/audio/stall_catch_up.h"
#include "test/test_harness.h"

namespace {

using dn::engine::audio::StallCatchUp;

constexpr int64_t kFrame = 480;  // 10 ms at 48 kHz
constexpr int64_t kMs = 1'000'000;

// A live writer and the pacer, 10 ms apart; `queued` follows writes and takes.
struct Stream {
  StallCatchUp catch_up{kFrame};
  int64_t now = 1'000 * kMs;
  int64_t queued = 0;
  int64_t dropped = 0;

  void Write(int64_t frames) {
    queued += frames;
    catch_up.OnWrite(frames, now);
  }
  // One tick at `now` (scheduled then): drops what it is told, takes a frame.
  void Tick() {
    const int64_t drop = catch_up.FramesToDrop(queued, now);
    queued -= drop;
    dropped += drop;
    const int64_t taken = queued < kFrame ? queued : kFrame;
    queued -= taken;
    catch_up.OnTick(now, taken, now);
    now += 10 * kMs;
  }
  // `ms` of live streaming: a 10 ms write before each tick.
  void Live(int ms) {
    for (int i = 0; i < ms / 10; ++i) {
      Write(kFrame);
      Tick();
    }
  }
};

}  // namespace

DN_TEST(stall_catch_up_drops_the_backlog_a_stalled_writer_writes_at_once) {
  Stream s;
  s.Write(3 * kFrame);  // 30 ms ahead, as a jittery writer keeps
  s.Live(500);
  for (int i = 0; i < 30; ++i) s.Tick();  // the writer stalls 300 ms: the queue runs dry
  s.Write(30 * kFrame);                   // and then writes what it produced meanwhile
  s.Live(200);
  DN_CHECK(s.catch_up.stalls_caught_up() == 1);
  DN_CHECK(s.dropped >= 200 * kFrame / 10 && s.dropped <= 300 * kFrame / 10);
  DN_CHECK(s.queued <= StallCatchUp::kKeepMs * kFrame / 10);
}

DN_TEST(stall_catch_up_leaves_short_gaps_and_pauses_alone) {
  Stream s;
  s.Live(300);
  for (int i = 0; i < 5; ++i) s.Tick();  // 50 ms of jitter
  s.Write(5 * kFrame);
  s.Live(200);
  for (int i = 0; i < 40; ++i) s.Tick();  // a 400 ms pause, then a shorter write
  s.Write(30 * kFrame);
  s.Live(300);
  for (int i = 0; i < 150; ++i) s.Tick();  // a pause longer than the window, then a sentence
  s.Write(200 * kFrame);
  for (int i = 0; i < 100; ++i) s.Tick();
  DN_CHECK(s.dropped == 0);
  DN_CHECK(s.catch_up.stalls_caught_up() == 0);
}

DN_TEST(stall_catch_up_drops_what_a_clock_reset_skipped_from_a_live_stream) {
  Stream s;
  s.Write(3 * kFrame);
  s.Live(300);
  // The pacer's thread sleeps 300 ms (TenMsClock resets: the missed ticks are skipped) while the writer writes on.
  for (int i = 0; i < 30; ++i) {
    s.Write(kFrame);
    s.now += 10 * kMs;
  }
  s.Live(100);
  DN_CHECK(s.catch_up.stalls_caught_up() == 1);
  DN_CHECK(s.dropped >= 200 * kFrame / 10);
  DN_CHECK(s.queued <= StallCatchUp::kKeepMs * kFrame / 10 + kFrame);
}

DN_TEST(stall_catch_up_keeps_audio_written_ahead_across_a_clock_reset) {
  Stream s;
  s.Write(200 * kFrame);  // 2 s written ahead at once
  for (int i = 0; i < 50; ++i) s.Tick();
  s.now += 300 * kMs;  // the pacer stalls; nothing is written
  for (int i = 0; i < 150; ++i) s.Tick();
  DN_CHECK(s.dropped == 0);
}
