// Micro-benchmark of WebRTC's VAD without N-API, run by bench/native-vad.ts:
//   daily-node-vad-bench <pcm file: 16-bit mono> <sample rate> <seconds>
// Prints one JSON object of frames/s: the raw C VAD (WebRtcVad_Process), the
// raw C VAD re-initialised every 100 frames (what resetPeriodMs 1000 costs
// the VAD itself), and VadAnalyzer::Analyze (NativeVad without N-API) with
// the default 1 s reset and with none. Cases run in alternating rounds and
// each keeps its best round, so load from elsewhere does not decide it.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

#include <common_audio/vad/include/webrtc_vad.h>

#include "addon/vad/core/vad_analyzer.h"

namespace {

using Clock = std::chrono::steady_clock;
using AnalyzeFrame = std::function<int(const char*)>;

// Calls `analyze(frame)` over the file's frames, round and round, for about
// `seconds`; returns frames per second.
double FramesPerSecond(const std::vector<char>& pcm, size_t frame_bytes, double seconds, const AnalyzeFrame& analyze) {
  const size_t frames = pcm.size() / frame_bytes;
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration<double>(seconds);
  size_t done = 0;
  int sink = 0;
  while (Clock::now() < deadline) {
    for (size_t i = 0; i < frames; ++i) sink += analyze(pcm.data() + i * frame_bytes);
    done += frames;
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  if (sink == -1) std::puts("");  // keeps the work observable
  return static_cast<double>(done) / elapsed;
}

struct RawVad {
  VadInst* vad = WebRtcVad_Create();
  RawVad() {
    if (vad == nullptr || WebRtcVad_Init(vad) != 0 || WebRtcVad_set_mode(vad, dn::vad::kWebRtcVadMode) != 0)
      std::abort();
  }
  ~RawVad() { WebRtcVad_Free(vad); }
  void Reset() const {
    WebRtcVad_Init(vad);
    WebRtcVad_set_mode(vad, dn::vad::kWebRtcVadMode);
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s <pcm s16le mono file> <sample rate> <seconds>\n", argv[0]);
    return 2;
  }
  std::ifstream file(argv[1], std::ios::binary);
  const std::vector<char> pcm((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  const int rate = std::atoi(argv[2]);
  const double seconds = std::atof(argv[3]);
  const size_t frame_samples = static_cast<size_t>(rate / 100);
  const size_t frame_bytes = frame_samples * 2;
  auto analyzer = dn::vad::VadAnalyzer::Create({1000, rate, 1});
  auto never_reset = dn::vad::VadAnalyzer::Create({86400000, rate, 1});
  if (pcm.size() < frame_bytes || seconds <= 0 || !analyzer || !never_reset) {
    std::fprintf(stderr, "need a supported rate, at least one 10 ms frame of audio and a positive duration\n");
    return 2;
  }

  RawVad raw, raw_resetting;
  int frames_since_reset = 0;
  const auto samples = [](const char* frame) { return reinterpret_cast<const int16_t*>(frame); };
  const auto bytes = [](const char* frame) { return reinterpret_cast<const uint8_t*>(frame); };
  const std::vector<std::pair<std::string, AnalyzeFrame>> cases = {
      {"raw", [&](const char* f) { return WebRtcVad_Process(raw.vad, rate, samples(f), frame_samples); }},
      {"rawResetEvery100Frames",
       [&](const char* f) {
         if (++frames_since_reset > 100) {
           raw_resetting.Reset();
           frames_since_reset = 1;
         }
         return WebRtcVad_Process(raw_resetting.vad, rate, samples(f), frame_samples);
       }},
      {"analyzer", [&](const char* f) { return analyzer->Analyze(bytes(f), frame_bytes).confidence > 0.5 ? 1 : 0; }},
      {"analyzerNeverReset",
       [&](const char* f) { return never_reset->Analyze(bytes(f), frame_bytes).confidence > 0.5 ? 1 : 0; }},
  };
  constexpr int kRounds = 6;
  std::vector<double> best(cases.size(), 0.0);
  for (int round = 0; round < kRounds; ++round) {
    for (size_t i = 0; i < cases.size(); ++i) {
      best[i] = std::max(best[i], FramesPerSecond(pcm, frame_bytes, seconds / kRounds / cases.size(), cases[i].second));
    }
  }
  std::printf("{");
  for (size_t i = 0; i < cases.size(); ++i) std::printf("%s\"%s\":%.0f", i ? "," : "", cases[i].first.c_str(), best[i]);
  std::printf("}\n");
  return 0;
}
