// libwebrtc's threads and the one PeerConnectionFactory of this engine process.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <api/peer_connection_interface.h>
#include <api/scoped_refptr.h>
#include <rtc_base/thread.h>

#include "engine/audio/virtual_adm.h"

namespace dn::engine {

class MediaContext {
 public:
  MediaContext();
  ~MediaContext();
  MediaContext(const MediaContext&) = delete;
  MediaContext& operator=(const MediaContext&) = delete;

  // Starts the threads and creates the factory. Returns an error text, or "" on success.
  std::string Start();
  void Stop();
  bool started() const { return factory_ != nullptr; }

  webrtc::PeerConnectionFactoryInterface* factory() const { return factory_.get(); }
  rtc::Thread* network_thread() const { return network_.get(); }
  // The network thread itself unless DAILY_NODE_ENGINE_WORKER=own (worker_thread_mode.h).
  rtc::Thread* worker_thread() const { return worker_ ? worker_.get() : network_.get(); }
  rtc::Thread* signaling_thread() const { return signaling_.get(); }
  // The virtual ADM: runs the playout clock and feeds the selected speaker.
  audio::VirtualAdm* adm() const { return adm_.get(); }
  // Shared threads running the audio send path's task queues (0: a thread per queue).
  int task_lanes() const { return task_lanes_; }
  // How the receive side's jitter buffers set their delay ("low" or "adaptive", jitter_buffer_mode.h).
  const std::string& jitter_buffer_mode() const { return jitter_buffer_mode_; }

  // Codec names in the factory's send capabilities ("opus", "VP8", ...).
  std::vector<std::string> AudioCodecs() const;
  std::vector<std::string> VideoCodecs() const;

 private:
  std::unique_ptr<rtc::Thread> network_;
  std::unique_ptr<rtc::Thread> worker_;  // null when the network thread is the worker
  std::unique_ptr<rtc::Thread> signaling_;
  rtc::scoped_refptr<audio::VirtualAdm> adm_;
  rtc::scoped_refptr<webrtc::PeerConnectionFactoryInterface> factory_;
  int task_lanes_ = 0;
  std::string jitter_buffer_mode_;
};

}  // namespace dn::engine
