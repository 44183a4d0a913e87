# Debian packages daily-node needs, by purpose. Sourced by scripts/setup.
# Building the addon and the engine from source (also what `npm install` of
# the package checks when no prebuild fits).
DAILY_NODE_BUILD_PACKAGES=(
  # compilers, libwebrtc (tg_owt) with its -dev dependencies, JSON
  cmake g++ make python3 libtgowt-dev nlohmann-json3-dev
  # engine at run time: NSS does libsrtp's crypto (DTLS-SRTP fails without it)
  libnss3
)
DAILY_NODE_APT_PACKAGES=(
  "${DAILY_NODE_BUILD_PACKAGES[@]}"
  # prebuilds: patchelf sets the engine's RPATH; debootstrap makes the install test's root
  patchelf debootstrap
  # private network namespaces for anything that moves media; iptables (its statistic match) makes
  # packet loss and blackouts in them for the network-fault tests (this kernel has no sch_netem)
  iproute2 util-linux iptables
  # meeting server: the Janus SFU, and jemalloc preloaded into it (keeps its RSS flat under churn)
  janus libjemalloc2
  # test and demo speech, audio measurement
  flite sox
  # meeting server: the default transcription engine and its en-US model
  pocketsphinx pocketsphinx-en-us
  # meeting server: the recording / live streaming encoder; nginx-rtmp as the RTMP receiver in tests
  ffmpeg nginx libnginx-mod-rtmp
  # TURN server for the relay (iceTransportPolicy 'relay') tests
  coturn
  # HTTP CONNECT proxy for the signaling-through-a-proxy test (setProxyUrl)
  tinyproxy
  # the test phone of the telephony tests (sipp; Debian names it sip-tester)
  sip-tester
  # the browser call page's tests and screenshots (driven by playwright-core)
  chromium
)
