// The engine process's memory as glibc's malloc and the kernel see it: what
// tells a leak (bytes in use growing) from the allocator keeping freed memory
// (resident size growing while bytes in use stay flat).
#pragma once

#include <cstdint>

namespace dn::engine {

struct HeapFigures {
  uint64_t in_use_bytes = 0;  // handed out and not freed: mallinfo2 uordblks + hblkhd
  uint64_t free_bytes = 0;    // free inside malloc's arenas: mallinfo2 fordblks
  uint64_t rss_kib = 0;       // resident set, from /proc/self/statm
};

// With `trim`, malloc_trim(0) first gives free arena pages back to the system.
HeapFigures ReadHeapFigures(bool trim);

}  // namespace dn::engine
