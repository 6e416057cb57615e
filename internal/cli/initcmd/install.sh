# Install the latticework release named by LATTICEWORK_VERSION ("latest":
# the newest) for this runner, checked against the release's checksums.
set -euo pipefail
repo=https://github.com/latticework/latticework
version=$LATTICEWORK_VERSION
if [ "$version" = latest ]; then
  # GitHub redirects /releases/latest to /releases/tag/v1.2.0.
  url=$(curl -fsSL --retry 3 -o /dev/null -w '%{url_effective}' "$repo/releases/latest")
  case $url in
    */releases/tag/v*) version=${url##*/releases/tag/v} ;;
    *) echo "::error::$repo has no release yet"; exit 1 ;;
  esac
fi
case $RUNNER_OS in
  Linux) os=linux ;;
  macOS) os=darwin ;;
  *) echo "::error::these steps install latticework on Linux and macOS runners, not $RUNNER_OS"; exit 1 ;;
esac
case $RUNNER_ARCH in
  X64) arch=amd64 ;;
  ARM64) arch=arm64 ;;
  *) echo "::error::latticework has no release for $RUNNER_ARCH runners"; exit 1 ;;
esac
archive=latticework_${version}_${os}_${arch}.tar.gz
checksums=latticework_${version}_checksums.txt
dir=$RUNNER_TEMP/latticework
mkdir -p "$dir"
cd "$dir"
for file in "$archive" "$checksums"; do
  curl -fsSL --retry 3 -o "$file" "$repo/releases/download/v$version/$file"
done
awk -v f="$archive" '$2 == f' "$checksums" > "$archive.sha256"
if [ ! -s "$archive.sha256" ]; then
  echo "::error::$archive is not listed in $checksums"
  exit 1
fi
if command -v sha256sum > /dev/null; then
  sha256sum --check "$archive.sha256"
else
  shasum --algorithm 256 --check "$archive.sha256"
fi
tar -xzf "$archive" latticework
echo "$dir" >> "$GITHUB_PATH"
echo "version=$version" >> "$GITHUB_OUTPUT"
./latticework version
