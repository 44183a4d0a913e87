# Helpers for scripts/prebuild and scripts/check-prebuild: which shared
# libraries a prebuild bundles and which glibc it needs.

# Loaded by libnss3 with dlopen from its own folder (softoken and freebl do
# the DTLS-SRTP crypto); ldd cannot see them.
NSS_DLOPENED_MODULES=(libsoftokn3.so libfreeblpriv3.so libfreebl3.so)

# Taken from the system, never bundled: glibc's own libraries, and the GCC
# runtime (libstdc++, libgcc_s), which Node itself links against. Bookworm's
# libstdc++ would raise the glibc floor to 2.36 (it calls arc4random).
PREBUILD_SYSTEM_LIBS_RE='^(linux-vdso|ld-linux|libc|libm|libdl|libpthread|librt|libresolv|libutil'
PREBUILD_SYSTEM_LIBS_RE+='|libstdc\+\+|libgcc_s)\.so'

# Prints the full paths of the non-glibc libraries the given ELF files need, transitively.
prebuild_bundled_libs() {
  ldd "$@" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $1, $3}' | sort -u |
    while read -r name file; do
      [[ "$name" =~ $PREBUILD_SYSTEM_LIBS_RE ]] || echo "$file"
    done
}

# Prints the newest symbol version with the given prefix (GLIBC_, GLIBCXX_) the given ELF files need.
prebuild_newest_version() {
  local prefix=$1
  shift
  objdump -T "$@" 2>/dev/null | grep -o "${prefix}[0-9][0-9.]*" | sed "s/${prefix}//" | sort -uV | tail -1
}

# Fails unless every library the prebuild's engine and NSS modules need is
# either glibc/GCC runtime from the system or bundled in its lib/ folder.
prebuild_check_resolved() {
  local dir=$1 bad
  bad="$(LD_LIBRARY_PATH='' ldd "$dir/daily-node-engine" "$dir"/lib/*.so* 2>&1 |
    awk '$2 == "=>" {print $1, $3}' | while read -r name file; do
      [[ "$name" =~ $PREBUILD_SYSTEM_LIBS_RE ]] || [[ "$file" == "$(cd "$dir/lib" && pwd)/"* ]] || echo "$name => $file"
    done)"
  if [ -n "$bad" ]; then
    echo "prebuild: these libraries do not resolve inside $dir/lib:" >&2
    echo "$bad" >&2
    return 1
  fi
}
