#include "engine/core/heap_figures.h"

#include <dlfcn.h>
#include <malloc.h>
#include <unistd.h>

#include <cstddef>
#include <fstream>

namespace dn::engine {

namespace {

uint64_t ResidentKiB() {
  std::ifstream statm("/proc/self/statm");
  uint64_t size_pages = 0, resident_pages = 0;
  statm >> size_pages >> resident_pages;
  return resident_pages * uint64_t(::sysconf(_SC_PAGESIZE)) / 1024;
}

// jemalloc's control entry point, when the SDK preloaded it (DAILY_NODE_ENGINE_ALLOCATOR):
// then glibc's mallinfo2 sees nothing, and malloc_trim has nothing to trim.
using MallctlFn = int (*)(const char*, void*, size_t*, void*, size_t);

MallctlFn Mallctl() {
  static const MallctlFn fn = reinterpret_cast<MallctlFn>(::dlsym(RTLD_DEFAULT, "mallctl"));
  return fn;
}

uint64_t JemallocStat(MallctlFn mallctl, const char* name) {
  size_t value = 0;
  size_t size = sizeof value;
  return mallctl(name, &value, &size, nullptr, 0) == 0 ? uint64_t(value) : 0;
}

HeapFigures ReadJemalloc(MallctlFn mallctl, bool trim) {
  // "arena.4096" is MALLCTL_ARENAS_ALL: purge the unused dirty pages of every arena now.
  if (trim) mallctl("arena.4096.purge", nullptr, nullptr, nullptr, 0);
  uint64_t epoch = 1;
  size_t size = sizeof epoch;
  mallctl("epoch", &epoch, &size, &epoch, size);  // refreshes the stats read below
  const uint64_t allocated = JemallocStat(mallctl, "stats.allocated");
  const uint64_t resident = JemallocStat(mallctl, "stats.resident");
  return {allocated, resident > allocated ? resident - allocated : 0, ResidentKiB()};
}

}  // namespace

HeapFigures ReadHeapFigures(bool trim) {
  if (MallctlFn mallctl = Mallctl()) return ReadJemalloc(mallctl, trim);
  if (trim) ::malloc_trim(0);
  const struct mallinfo2 info = ::mallinfo2();
  return {uint64_t(info.uordblks + info.hblkhd), uint64_t(info.fordblks), ResidentKiB()};
}

}  // namespace dn::engine
