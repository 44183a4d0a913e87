// Real-time scheduling for the engine's audio threads (its 10 ms clocks and
// the task lanes of the audio send path).
#pragma once

namespace dn::engine {

// Puts the calling thread on SCHED_FIFO (priority 10). Audio threads must not
// wait behind busy threads on a loaded machine. Needs CAP_SYS_NICE (or an
// RLIMIT_RTPRIO); without it the thread keeps the normal policy and this
// returns false. DAILY_NODE_AUDIO_REALTIME=0 opts out.
bool TryRealtimePriority();

}  // namespace dn::engine
