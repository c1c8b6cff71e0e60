#!/bin/sh
# Regenerates the demo recordings: a few seconds of an ffmpeg test pattern with a sine
# tone, small enough to commit (WebM VP9/Opus is widely supported; MP4 H.264 if libx264).
# Usage: sh content/webinars/demo_media/make_demo_media.sh  (needs ffmpeg)
set -eu
cd "$(dirname "$0")"
make() {  # name pattern frequency
  ffmpeg -y -loglevel error \
    -f lavfi -i "$2=size=320x180:rate=15:duration=8" \
    -f lavfi -i "sine=frequency=$3:duration=8" \
    -c:v libvpx-vp9 -b:v 120k -c:a libopus -b:a 24k -shortest "$1.webm"
}
make dicomweb-in-practice testsrc2 440
make structured-reporting-mrrt smptebars 523
make gdpr-for-imaging-ai rgbtestsrc 659
