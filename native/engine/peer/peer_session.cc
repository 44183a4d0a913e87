#include "engine/peer/peer_session.h"

#include <atomic>

#include <api/units/time_delta.h>
#include <p2p/base/basic_packet_socket_factory.h>
#include <p2p/client/basic_port_allocator.h>
#include <absl/strings/match.h>
#include <media/base/media_constants.h>
#include <pc/session_description.h>

#include "engine/channel/engine_channel.h"
#include "engine/channel/param_error.h"
#include "engine/core/media_context.h"
#include "engine/core/track_registry.h"
#include "engine/peer/network_filter.h"
#include "engine/peer/rtp_settings.h"

namespace dn::engine::peer {
namespace {

using json = nlohmann::json;
using PCI = webrtc::PeerConnectionInterface;

std::string KindName(cricket::MediaType type) { return type == cricket::MEDIA_TYPE_VIDEO ? "video" : "audio"; }

// Runs a function once, whichever of its callers comes first.
class Once {
 public:
  explicit Once(std::function<void(bool)> fn) : fn_(std::move(fn)) {}
  void operator()(bool value) {
    if (!done_.exchange(true)) fn_(value);
  }

 private:
  std::function<void(bool)> fn_;
  std::atomic<bool> done_{false};
};

// The sender's track id for `mid`, from the a=msid of the remote description.
// A receiver made before the offer (addTrack on the answering side) keeps an
// id of its own, so the receiver's track id cannot be trusted for this.
std::string RemoteMsidTrackId(webrtc::PeerConnectionInterface* pc, const std::string& mid) {
  const webrtc::SessionDescriptionInterface* remote = pc->remote_description();
  if (!remote || !remote->description()) return "";
  const cricket::ContentInfo* content = remote->description()->GetContentByName(mid);
  if (!content || !content->media_description()) return "";
  const auto& streams = content->media_description()->streams();
  return streams.empty() ? "" : streams.front().id;
}

}  // namespace

class PeerSession::DtmfObserver : public webrtc::DtmfSenderObserverInterface {
 public:
  DtmfObserver(PeerSession* session, std::string transceiver_id, rtc::scoped_refptr<webrtc::DtmfSenderInterface> sender)
      : session_(session), transceiver_id_(std::move(transceiver_id)), sender_(std::move(sender)) {
    sender_->RegisterObserver(this);
  }
  ~DtmfObserver() override { sender_->UnregisterObserver(); }
  webrtc::DtmfSenderInterface* sender() const { return sender_.get(); }

  void OnToneChange(const std::string& tone, const std::string& tone_buffer) override {
    session_->Notify(protocol::event::kPcDtmfTone,
                     {{"transceiverId", transceiver_id_}, {"tone", tone}, {"toneBuffer", tone_buffer}});
  }

 private:
  PeerSession* session_;
  std::string transceiver_id_;
  rtc::scoped_refptr<webrtc::DtmfSenderInterface> sender_;
};

PeerSession::PeerSession(std::string id, EngineChannel& channel, MediaContext& media, TrackRegistry& tracks)
    : id_(std::move(id)), channel_(channel), media_(media), tracks_(tracks) {}

PeerSession::~PeerSession() { Close(); }

void PeerSession::Open(const PeerConfig& config) {
  rtc::Thread* net = media_.network_thread();
  network_manager_ = std::make_unique<FilteredNetworkManager>(config.networks, net->socketserver());
  webrtc::PeerConnectionDependencies deps(this);
  deps.allocator = std::make_unique<cricket::BasicPortAllocator>(
      network_manager_.get(), std::make_unique<rtc::BasicPacketSocketFactory>(net->socketserver()));
  auto result = media_.factory()->CreatePeerConnectionOrError(config.rtc, std::move(deps));
  if (!result.ok()) {
    net->BlockingCall([this] { network_manager_.reset(); });
    throw ParamError("config", std::string("libwebrtc refused the configuration: ") + result.error().message());
  }
  auto pc = result.MoveValue();
  webrtc::BitrateSettings bitrate;
  bitrate.start_bitrate_bps = config.start_bitrate_bps;
  pc->SetBitrate(bitrate);
  std::lock_guard<std::mutex> lock(mu_);
  pc_ = std::move(pc);
}

rtc::scoped_refptr<webrtc::PeerConnectionInterface> PeerSession::pc() const {
  std::lock_guard<std::mutex> lock(mu_);
  if (closed_ || !pc_) throw StateError("peer connection '" + id_ + "' is closed");
  return pc_;
}

void PeerSession::Close() {
  rtc::scoped_refptr<webrtc::PeerConnectionInterface> pc;
  std::map<std::string, std::unique_ptr<DtmfObserver>> dtmf;
  std::set<std::string> mids;
  std::vector<PendingCandidate> candidates;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return;
    closed_ = true;
    pc = std::move(pc_);
    dtmf.swap(dtmf_observers_);
    dtmf_taps_.clear();
    candidates.swap(pending_candidates_);
  }
  dtmf.clear();
  if (pc) pc->Close();
  {
    std::lock_guard<std::mutex> lock(mu_);
    mids.swap(remote_mids_);
    transceivers_.clear();
  }
  for (const auto& mid : mids) UnregisterRemoteTrack(mid);
  for (auto& c : candidates)
    c.done(webrtc::RTCError(webrtc::RTCErrorType::INVALID_STATE, "the peer connection was closed"));
  RunGatheringWaiters(false);
  pc = nullptr;  // destroys the connection (its proxy does so on the signaling thread)
  // The network manager lives on the network thread; it must outlive the connection.
  if (network_manager_) media_.network_thread()->BlockingCall([this] { network_manager_.reset(); });
  Notify(protocol::event::kPcClosed, json::object());
}

std::string PeerSession::TransceiverId(const Transceiver& transceiver) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [id, t] : transceivers_)
    if (t.get() == transceiver.get()) return id;
  std::string id = "tx" + std::to_string(next_transceiver_++);
  transceivers_.emplace_back(id, transceiver);
  return id;
}

PeerSession::Transceiver PeerSession::FindTransceiver(const std::string& transceiver_id) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [id, t] : transceivers_)
      if (id == transceiver_id) return t;
  }
  // Transceivers created by a remote offer get their id on first sight.
  for (const auto& t : pc()->GetTransceivers())
    if (TransceiverId(t) == transceiver_id) return t;
  throw ParamError("transceiverId", "no transceiver '" + transceiver_id + "' on peer connection '" + id_ + "'");
}

void PeerSession::SetLocalTrackId(const std::string& transceiver_id, const std::string& track_id) {
  std::lock_guard<std::mutex> lock(mu_);
  if (track_id.empty())
    local_track_ids_.erase(transceiver_id);
  else
    local_track_ids_[transceiver_id] = track_id;
}

json PeerSession::TransceiversJson() {
  json list = json::array();
  for (const auto& t : pc()->GetTransceivers()) {
    const std::string tid = TransceiverId(t);
    const auto mid = t->mid();
    const auto current = t->current_direction();
    json entry = {{"transceiverId", tid},
                  {"mid", mid ? json(*mid) : json(nullptr)},
                  {"kind", KindName(t->media_type())},
                  {"direction", DirectionName(t->direction())},
                  {"currentDirection", current ? json(DirectionName(*current)) : json(nullptr)},
                  {"stopped", t->stopped()}};
    std::lock_guard<std::mutex> lock(mu_);
    auto local = local_track_ids_.find(tid);
    entry["localTrackId"] = local != local_track_ids_.end() ? json(local->second) : json(nullptr);
    entry["remoteTrackId"] = mid && remote_mids_.count(*mid) ? json(RemoteTrackId(*mid)) : json(nullptr);
    list.push_back(std::move(entry));
  }
  return list;
}

std::string PeerSession::TrackIdForMid(const std::string& mid, bool outbound) {
  if (mid.empty()) return "";
  std::vector<std::pair<std::string, Transceiver>> transceivers;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!outbound) return remote_mids_.count(mid) ? RemoteTrackId(mid) : "";
    transceivers = transceivers_;
  }
  // mid() goes through the transceiver's proxy: never under mu_.
  for (const auto& [id, t] : transceivers) {
    const auto tmid = t->mid();
    if (!tmid || *tmid != mid) continue;
    std::lock_guard<std::mutex> lock(mu_);
    auto local = local_track_ids_.find(id);
    return local != local_track_ids_.end() ? local->second : "";
  }
  return "";
}

void PeerSession::AddRemoteCandidate(std::unique_ptr<webrtc::IceCandidateInterface> candidate,
                                     std::function<void(webrtc::RTCError)> done) {
  auto pc = this->pc();
  // Decide on the signaling thread, where the remote description is set, so a
  // candidate cannot slip between the check and the flush.
  media_.signaling_thread()->BlockingCall([&] {
    if (pc->remote_description()) {
      pc->AddIceCandidate(std::move(candidate), std::move(done));
      return;
    }
    // Held until the remote description is set; answered now so that a
    // caller awaiting each candidate does not wait for its own next step.
    std::string what = candidate->sdp_mid() + " " + candidate->candidate().ToSensitiveString();
    {
      std::lock_guard<std::mutex> lock(mu_);
      pending_candidates_.push_back(PendingCandidate{std::move(candidate), [this, what](webrtc::RTCError error) {
                                                       if (!error.ok())
                                                         channel_.Log("warn", "peer connection '" + id_ +
                                                                                  "': held ICE candidate " + what +
                                                                                  " was refused: " + error.message());
                                                     }});
    }
    done(webrtc::RTCError::OK());
  });
}

void PeerSession::FlushRemoteCandidates() {
  std::vector<PendingCandidate> pending;
  {
    std::lock_guard<std::mutex> lock(mu_);
    pending.swap(pending_candidates_);
  }
  if (pending.empty()) return;
  auto pc = this->pc();
  for (auto& c : pending) pc->AddIceCandidate(std::move(c.candidate), std::move(c.done));
}

void PeerSession::WhenGatheringComplete(std::function<void(bool)> fn, int timeout_ms) {
  auto once = std::make_shared<Once>(std::move(fn));
  rtc::scoped_refptr<webrtc::PeerConnectionInterface> pc;
  {
    std::lock_guard<std::mutex> lock(mu_);
    pc = pc_;
    if (!closed_) gathering_waiters_.push_back([once](bool complete) { (*once)(complete); });
  }
  if (!pc) return (*once)(false);
  if (pc->ice_gathering_state() == PCI::kIceGatheringComplete) return (*once)(true);
  media_.signaling_thread()->PostDelayedTask([once] { (*once)(false); }, webrtc::TimeDelta::Millis(timeout_ms));
}

void PeerSession::RunGatheringWaiters(bool complete) {
  std::vector<std::function<void(bool)>> waiters;
  {
    std::lock_guard<std::mutex> lock(mu_);
    waiters.swap(gathering_waiters_);
  }
  for (auto& w : waiters) w(complete);
}

void PeerSession::InsertDtmf(const std::string& transceiver_id, const std::string& tones, int duration_ms, int gap_ms) {
  auto transceiver = FindTransceiver(transceiver_id);
  if (transceiver->media_type() != cricket::MEDIA_TYPE_AUDIO)
    throw ParamError("transceiverId", "DTMF needs an audio transceiver; '" + transceiver_id + "' is video");
  DtmfObserver* observer = nullptr;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = dtmf_observers_.find(transceiver_id);
    if (it != dtmf_observers_.end()) observer = it->second.get();
  }
  if (!observer) {
    auto sender = transceiver->sender()->GetDtmfSender();
    if (!sender) throw StateError("transceiver '" + transceiver_id + "' has no DTMF sender");
    auto created = std::make_unique<DtmfObserver>(this, transceiver_id, sender);
    observer = created.get();
    std::lock_guard<std::mutex> lock(mu_);
    dtmf_observers_[transceiver_id] = std::move(created);
  }
  if (!observer->sender()->CanInsertDtmf())
    throw StateError("DTMF cannot be sent on '" + transceiver_id +
                     "' yet: it needs a negotiated connection, a track on the sender and telephone-event in the SDP");
  if (!observer->sender()->InsertDtmf(tones, duration_ms, gap_ms))
    throw StateError("libwebrtc refused the DTMF tones '" + tones + "'");
}

void PeerSession::Notify(protocol::EventName event, json data) {
  data["pcId"] = id_;
  channel_.Notify(event, data);
}

void PeerSession::UnregisterRemoteTrack(const std::string& mid) {
  const std::string track_id = RemoteTrackId(mid);
  tracks_.Remove(track_id);
  Notify(protocol::event::kPcTrackRemoved, {{"trackId", track_id}, {"mid", mid}});
}

void PeerSession::OnSignalingChange(PCI::SignalingState state) {
  Notify(protocol::event::kPcSignalingState, {{"state", std::string(PCI::AsString(state))}});
}

void PeerSession::OnNegotiationNeededEvent(uint32_t event_id) {
  Notify(protocol::event::kPcNegotiationNeeded, {{"eventId", event_id}});
}

void PeerSession::OnStandardizedIceConnectionChange(PCI::IceConnectionState state) {
  Notify(protocol::event::kPcIceConnectionState, {{"state", std::string(PCI::AsString(state))}});
}

void PeerSession::OnConnectionChange(PCI::PeerConnectionState state) {
  Notify(protocol::event::kPcConnectionState, {{"state", std::string(PCI::AsString(state))}});
}

void PeerSession::OnIceGatheringChange(PCI::IceGatheringState state) {
  Notify(protocol::event::kPcIceGatheringState, {{"state", std::string(PCI::AsString(state))}});
  if (state == PCI::kIceGatheringComplete) RunGatheringWaiters(true);
}

void PeerSession::OnIceCandidate(const webrtc::IceCandidateInterface* candidate) {
  std::string text;
  if (!candidate->ToString(&text)) return;
  Notify(protocol::event::kPcIceCandidate,
         {{"candidate", text}, {"sdpMid", candidate->sdp_mid()}, {"sdpMLineIndex", candidate->sdp_mline_index()}});
}

void PeerSession::OnTrack(rtc::scoped_refptr<webrtc::RtpTransceiverInterface> transceiver) {
  const auto mid = transceiver->mid();
  if (!mid) return;
  auto receiver = transceiver->receiver();
  auto track = receiver->track();
  const std::string track_id = RemoteTrackId(*mid);
  tracks_.Replace(track_id, track);
  {
    std::lock_guard<std::mutex> lock(mu_);
    remote_mids_.insert(*mid);
  }
  rtc::scoped_refptr<webrtc::PeerConnectionInterface> pc;
  {
    std::lock_guard<std::mutex> lock(mu_);
    pc = pc_;
  }
  std::string sender_track_id = pc ? RemoteMsidTrackId(pc.get(), *mid) : "";
  if (sender_track_id.empty() && track) sender_track_id = track->id();
  if (transceiver->media_type() == cricket::MEDIA_TYPE_AUDIO) TapTelephoneEvents(transceiver);
  Notify(protocol::event::kPcTrack, {{"trackId", track_id},
                                     {"mid", *mid},
                                     {"kind", KindName(transceiver->media_type())},
                                     {"transceiverId", TransceiverId(transceiver)},
                                     {"remoteTrackId", sender_track_id},
                                     {"streamIds", receiver->stream_ids()}});
}

void PeerSession::TapTelephoneEvents(const Transceiver& transceiver) {
  const std::string transceiver_id = TransceiverId(transceiver);
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (dtmf_taps_.count(transceiver_id)) return;
  }
  std::weak_ptr<PeerSession> weak = weak_from_this();
  auto tap = rtc::make_ref_counted<TelephoneEventTap>([weak, transceiver_id](const Digit& digit) {
    if (auto session = weak.lock())
      session->Notify(protocol::event::kPcDtmf, {{"transceiverId", transceiver_id},
                                                 {"tone", std::string(1, digit.tone)},
                                                 {"durationMs", digit.duration_ms}});
  });
  if (transceiver->mid()) tap->SetPayloadTypes(TelephoneEventPayloads(*transceiver->mid()));
  transceiver->receiver()->SetDepacketizerToDecoderFrameTransformer(tap);
  std::lock_guard<std::mutex> lock(mu_);
  dtmf_taps_.emplace(transceiver_id, tap);
}

// Both descriptions: an answer may number telephone-event differently from
// the offer, and which numbering the sender uses is its choice.
std::map<int, int> PeerSession::TelephoneEventPayloads(const std::string& mid) {
  std::map<int, int> clock_by_type;
  rtc::scoped_refptr<webrtc::PeerConnectionInterface> pc;
  {
    std::lock_guard<std::mutex> lock(mu_);
    pc = pc_;
  }
  if (!pc) return clock_by_type;
  for (const auto* desc : {pc->remote_description(), pc->local_description()}) {
    if (!desc || !desc->description()) continue;
    const cricket::ContentInfo* content = desc->description()->GetContentByName(mid);
    if (!content || !content->media_description() || !content->media_description()->as_audio()) continue;
    for (const auto& codec : content->media_description()->as_audio()->codecs())
      if (absl::EqualsIgnoreCase(codec.name, cricket::kDtmfCodecName)) clock_by_type[codec.id] = codec.clockrate;
  }
  return clock_by_type;
}

void PeerSession::RefreshTelephoneEventPayloads() {
  std::map<std::string, rtc::scoped_refptr<TelephoneEventTap>> taps;
  {
    std::lock_guard<std::mutex> lock(mu_);
    taps = dtmf_taps_;
  }
  for (auto& [transceiver_id, tap] : taps) {
    auto mid = FindTransceiver(transceiver_id)->mid();
    if (mid) tap->SetPayloadTypes(TelephoneEventPayloads(*mid));
  }
}

void PeerSession::OnRemoveTrack(rtc::scoped_refptr<webrtc::RtpReceiverInterface> receiver) {
  rtc::scoped_refptr<webrtc::PeerConnectionInterface> pc;
  {
    std::lock_guard<std::mutex> lock(mu_);
    pc = pc_;
  }
  if (!pc) return;
  for (const auto& t : pc->GetTransceivers()) {
    if (t->receiver().get() != receiver.get() || !t->mid()) continue;
    bool known;
    {
      std::lock_guard<std::mutex> lock(mu_);
      known = remote_mids_.erase(*t->mid()) > 0;
    }
    if (known) UnregisterRemoteTrack(*t->mid());
  }
}

}  // namespace dn::engine::peer
