// Whether libwebrtc's worker thread is the network thread ("shared", the
// default) or a thread of its own ("own", libwebrtc's usual layout).
//
// libwebrtc hands every received RTP packet from the network thread to the
// worker thread as a posted task (then into the jitter buffer). With a worker
// of its own that is a thread wake-up per packet: at 10 rooms of two-way bots
// (2,000 packets/s) the worker switched 2,665 times a second and spent about
// half its CPU in the kernel. Sharing the network thread turns the hop into a
// task on the thread that is already awake (docs/performance.md has the
// measurements). libwebrtc supports the two being one thread.
// DAILY_NODE_ENGINE_WORKER=own keeps a worker thread of its own.
#pragma once

#include <string>

namespace dn::engine {

// Reads DAILY_NODE_ENGINE_WORKER ("shared", "own"; unset: "shared"). A value
// that is neither is reported on stderr and "shared" is used.
std::string WorkerThreadModeFromEnvironment();

}  // namespace dn::engine
