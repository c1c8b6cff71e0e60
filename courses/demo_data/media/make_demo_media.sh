#!/bin/sh
# Regenerates the demo lesson video: 8 seconds of an ffmpeg test pattern with a sine tone,
# small enough to commit (WebM VP9/Opus), as content/webinars/demo_media/ does for the
# recordings. Its captions are written in the course's data file, not here.
# Usage: sh courses/demo_data/media/make_demo_media.sh  (needs ffmpeg)
set -eu
cd "$(dirname "$0")"
ffmpeg -y -loglevel error \
  -f lavfi -i "pal75bars=size=320x180:rate=15:duration=8" \
  -f lavfi -i "sine=frequency=392:duration=8" \
  -c:v libvpx-vp9 -b:v 120k -c:a libopus -b:a 24k -shortest why-structured-reporting.webm
