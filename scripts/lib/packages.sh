# Debian packages daily-node needs, by purpose. Sourced by scripts/setup.
DAILY_NODE_APT_PACKAGES=(
  # native build: compilers, libwebrtc (tg_owt) with its -dev dependencies, JSON
  cmake g++ make python3 libtgowt-dev nlohmann-json3-dev
  # engine at run time: NSS does libsrtp's crypto (DTLS-SRTP fails without it)
  libnss3
  # private network namespaces for anything that moves media
  iproute2 util-linux
  # meeting server: the Janus SFU
  janus
  # test and demo speech, audio measurement
  flite sox
  # meeting server: the default transcription engine and its en-US model
  pocketsphinx pocketsphinx-en-us
  # TURN server for the relay (iceTransportPolicy 'relay') tests
  coturn
  # HTTP CONNECT proxy for the signaling-through-a-proxy test (setProxyUrl)
  tinyproxy
)
