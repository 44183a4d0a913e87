#include "engine/core/heap_figures.h"

#include <malloc.h>
#include <unistd.h>

#include <fstream>

namespace dn::engine {

namespace {

uint64_t ResidentKiB() {
  std::ifstream statm("/proc/self/statm");
  uint64_t size_pages = 0, resident_pages = 0;
  statm >> size_pages >> resident_pages;
  return resident_pages * uint64_t(::sysconf(_SC_PAGESIZE)) / 1024;
}

}  // namespace

HeapFigures ReadHeapFigures(bool trim) {
  if (trim) ::malloc_trim(0);
  const struct mallinfo2 info = ::mallinfo2();
  return {uint64_t(info.uordblks + info.hblkhd), uint64_t(info.fordblks), ResidentKiB()};
}

}  // namespace dn::engine
