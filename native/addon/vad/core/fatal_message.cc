// WebRTC's VAD objects call rtc_FatalMessage from their DCHECKs. In the engine
// it comes from libtg_owt.a; the addon links only the VAD objects, so it
// provides its own. NativeVad validates every input before calling the VAD,
// so reaching this means a bug in our code, not bad user input.
#include <cstdio>
#include <cstdlib>

extern "C" void rtc_FatalMessage(const char* file, int line, const char* msg) {
  std::fprintf(stderr, "daily-node: WebRTC VAD check failed at %s:%d: %s\n", file, line, msg);
  std::abort();
}
