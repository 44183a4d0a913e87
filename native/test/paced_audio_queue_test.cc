// PacedAudioQueue: exact 10 ms frames out of arbitrary writes, completions
// when a write's last sample is taken, markers, padding and clear().
#include <string>
#include <vector>

#include "engine/audio/paced_audio_queue.h"
#include "test/test_harness.h"

namespace {

using dn::engine::audio::AudioFormat;
using dn::engine::audio::PacedAudioQueue;

struct Done {
  std::vector<std::string> log;
  PacedAudioQueue::Completion Named(const std::string& name) {
    return [this, name](int64_t played, bool cleared) {
      log.push_back(name + ":" + std::to_string(played) + (cleared ? ":cleared" : ""));
    };
  }
};

std::vector<int16_t> Ramp(size_t n, int16_t start) {
  std::vector<int16_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = int16_t(start + int16_t(i));
  return v;
}

size_t Take(PacedAudioQueue& q, std::vector<int16_t>& frame) {
  std::vector<std::function<void()>> due;
  size_t taken = q.TakeFrame(frame.data(), due);
  for (auto& f : due) f();
  return taken;
}

}  // namespace

DN_TEST(paced_queue_joins_writes_into_exact_frames_and_completes_each_when_taken) {
  PacedAudioQueue q(AudioFormat{8000, 1});  // 80 samples per frame
  Done done;
  q.Push(Ramp(50, 0), done.Named("a"));
  q.Push(Ramp(50, 50), done.Named("b"));
  std::vector<int16_t> frame(80);
  DN_CHECK(Take(q, frame) == 80);
  DN_CHECK(frame[0] == 0 && frame[49] == 49 && frame[50] == 50 && frame[79] == 79);
  DN_CHECK(done.log == std::vector<std::string>{"a:50"});
  DN_CHECK(q.queued_frames() == 20);
  // The 20-sample tail is padded with silence; b completes with it.
  DN_CHECK(Take(q, frame) == 20);
  DN_CHECK(frame[19] == 99 && frame[20] == 0 && frame[79] == 0);
  DN_CHECK((done.log == std::vector<std::string>{"a:50", "b:50"}));
  DN_CHECK(Take(q, frame) == 0);
}

DN_TEST(paced_queue_marker_completes_once_everything_before_it_was_taken) {
  PacedAudioQueue q(AudioFormat{8000, 2});  // 160 samples per frame
  Done done;
  q.PushMarker(done.Named("empty"));
  std::vector<int16_t> frame(160);
  DN_CHECK(Take(q, frame) == 0);
  DN_CHECK(done.log == std::vector<std::string>{"empty:0"});
  q.Push(Ramp(320, 1), done.Named("w"));
  q.PushMarker(done.Named("m"));
  DN_CHECK(Take(q, frame) == 160);
  DN_CHECK(done.log.size() == 1);
  DN_CHECK(Take(q, frame) == 160);
  DN_CHECK((done.log == std::vector<std::string>{"empty:0", "w:160", "m:0"}));
}

DN_TEST(paced_queue_clear_reports_what_played_of_each_write) {
  PacedAudioQueue q(AudioFormat{8000, 1});
  Done done;
  q.Push(Ramp(100, 0), done.Named("a"));
  q.Push(Ramp(100, 0), done.Named("b"));
  std::vector<int16_t> frame(80);
  Take(q, frame);
  std::vector<std::function<void()>> due;
  DN_CHECK(q.Clear(due) == 120);
  for (auto& f : due) f();
  DN_CHECK((done.log == std::vector<std::string>{"a:80:cleared", "b:0:cleared"}));
  DN_CHECK(q.empty() && q.queued_frames() == 0);
}

DN_TEST(paced_queue_drop_front_skips_late_audio_and_reports_what_played) {
  PacedAudioQueue q(AudioFormat{8000, 1});  // 80 samples per frame
  Done done;
  q.Push(Ramp(50, 0), done.Named("a"));
  q.Push(Ramp(100, 50), done.Named("b"));
  std::vector<std::function<void()>> due;
  // 70 frames dropped: all of a (completes as cleared, 0 played) and 20 of b.
  DN_CHECK(q.DropFront(70, due) == 70);
  for (auto& f : due) f();
  DN_CHECK((done.log == std::vector<std::string>{"a:0:cleared"}));
  std::vector<int16_t> frame(80);
  DN_CHECK(Take(q, frame) == 80);
  DN_CHECK(frame[0] == 70 && frame[79] == 149);
  DN_CHECK((done.log == std::vector<std::string>{"a:0:cleared", "b:80:cleared"}));
  DN_CHECK(q.DropFront(10, due) == 0);
}
