// One peer connection of the engine, its observer, and what the SDK refers to
// it by: transceiver ids ("tx0", "tx1", ... assigned on first sight, stable
// for the connection's life), the local track id behind each sender, and the
// remote tracks it registered as "remote:<pcId>:<mid>".
//
// Threads: request handlers call in from the channel thread; libwebrtc calls
// the observer methods on the signaling thread. mu_ guards only this object's
// own maps and is never held across a call into the peer connection, whose
// proxy blocks on the signaling thread.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <api/dtmf_sender_interface.h>
#include <api/peer_connection_interface.h>
#include <nlohmann/json.hpp>

#include "generated/engine_protocol.h"

#include "engine/peer/ice_config.h"
#include "engine/peer/stats_summary.h"
#include "engine/peer/telephone_event_tap.h"

namespace dn::engine {
class EngineChannel;
class MediaContext;
class TrackRegistry;
}  // namespace dn::engine

namespace dn::engine::peer {

class PeerSession : public webrtc::PeerConnectionObserver, public std::enable_shared_from_this<PeerSession> {
 public:
  using Transceiver = rtc::scoped_refptr<webrtc::RtpTransceiverInterface>;

  PeerSession(std::string id, EngineChannel& channel, MediaContext& media, TrackRegistry& tracks);
  ~PeerSession() override;
  PeerSession(const PeerSession&) = delete;
  PeerSession& operator=(const PeerSession&) = delete;

  // Creates the peer connection. Throws ParamError with libwebrtc's reason.
  void Open(const PeerConfig& config);
  // Closes the connection, unregisters its remote tracks. Safe to call twice.
  void Close();

  const std::string& id() const { return id_; }
  // The connection; throws StateError once it is closed.
  rtc::scoped_refptr<webrtc::PeerConnectionInterface> pc() const;

  std::string TransceiverId(const Transceiver& transceiver);
  // Throws ParamError("transceiverId") if unknown.
  Transceiver FindTransceiver(const std::string& transceiver_id);
  void SetLocalTrackId(const std::string& transceiver_id, const std::string& track_id);
  nlohmann::json TransceiversJson();
  std::string TrackIdForMid(const std::string& mid, bool outbound);

  // Adds a remote candidate now, or holds it until a remote description is
  // set (then `done` runs at once and a later failure is logged).
  void AddRemoteCandidate(std::unique_ptr<webrtc::IceCandidateInterface> candidate,
                          std::function<void(webrtc::RTCError)> done);
  // Adds the candidates that arrived before the remote description.
  void FlushRemoteCandidates();

  // Runs `fn(complete)` when ICE gathering is complete, or after timeout_ms
  // with complete=false. Call on the signaling thread.
  void WhenGatheringComplete(std::function<void(bool complete)> fn, int timeout_ms);

  // Sends DTMF on an audio transceiver; tone changes become pc.dtmf-tone events.
  void InsertDtmf(const std::string& transceiver_id, const std::string& tones, int duration_ms, int gap_ms);

  // Telephone-event payload types can change with each description: call
  // after one is set (signaling thread), so received DTMF is read right.
  void RefreshTelephoneEventPayloads();

  StatsSummarizer& stats() { return stats_; }

  // PeerConnectionObserver (signaling thread)
  void OnSignalingChange(webrtc::PeerConnectionInterface::SignalingState state) override;
  void OnDataChannel(rtc::scoped_refptr<webrtc::DataChannelInterface>) override {}
  void OnNegotiationNeededEvent(uint32_t event_id) override;
  void OnStandardizedIceConnectionChange(webrtc::PeerConnectionInterface::IceConnectionState state) override;
  void OnConnectionChange(webrtc::PeerConnectionInterface::PeerConnectionState state) override;
  void OnIceGatheringChange(webrtc::PeerConnectionInterface::IceGatheringState state) override;
  void OnIceCandidate(const webrtc::IceCandidateInterface* candidate) override;
  void OnTrack(rtc::scoped_refptr<webrtc::RtpTransceiverInterface> transceiver) override;
  void OnRemoveTrack(rtc::scoped_refptr<webrtc::RtpReceiverInterface> receiver) override;

 private:
  class DtmfObserver;
  struct PendingCandidate {
    std::unique_ptr<webrtc::IceCandidateInterface> candidate;
    std::function<void(webrtc::RTCError)> done;
  };

  std::string RemoteTrackId(const std::string& mid) const { return "remote:" + id_ + ":" + mid; }
  void Notify(protocol::EventName event, nlohmann::json data);
  void UnregisterRemoteTrack(const std::string& mid);
  void RunGatheringWaiters(bool complete);
  // Puts a TelephoneEventTap on an audio receiver; its digits become pc.dtmf events.
  void TapTelephoneEvents(const Transceiver& transceiver);
  std::map<int, int> TelephoneEventPayloads(const std::string& mid);

  const std::string id_;
  EngineChannel& channel_;
  MediaContext& media_;
  TrackRegistry& tracks_;

  rtc::scoped_refptr<webrtc::PeerConnectionInterface> pc_;
  std::unique_ptr<rtc::NetworkManager> network_manager_;
  StatsSummarizer stats_;

  mutable std::mutex mu_;
  bool closed_ = false;
  int next_transceiver_ = 0;
  std::vector<std::pair<std::string, Transceiver>> transceivers_;
  std::map<std::string, std::string> local_track_ids_;  // transceiver id -> registry track id
  std::set<std::string> remote_mids_;
  std::vector<PendingCandidate> pending_candidates_;
  std::vector<std::function<void(bool)>> gathering_waiters_;
  std::map<std::string, std::unique_ptr<DtmfObserver>> dtmf_observers_;
  std::map<std::string, rtc::scoped_refptr<TelephoneEventTap>> dtmf_taps_;  // transceiver id -> tap
};

}  // namespace dn::engine::peer
