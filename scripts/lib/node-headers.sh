# Points npm, node-gyp and cmake-js at the Node headers installed beside the
# running node (they cannot be downloaded on these machines). Sourced by
# scripts/setup and scripts/build-native; a configured nodedir wins.
if [ -z "${npm_config_nodedir:-}" ] && [ -z "$(npm config get nodedir 2>/dev/null | grep -v '^undefined$' || true)" ]; then
  _dn_prefix=$(dirname "$(dirname "$(command -v node)")")
  if [ -f "$_dn_prefix/include/node/node.h" ]; then
    export npm_config_nodedir="$_dn_prefix"
  else
    echo "[setup] Node headers not found at $_dn_prefix/include/node; native modules need them" >&2
  fi
  unset _dn_prefix
fi
