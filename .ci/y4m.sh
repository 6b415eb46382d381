# Sourced by .ci/web-check and benches/web.sh: a shared clip as Chromium's fake camera.

# A clip (or a picture looped for SECONDS) as Chromium's fake camera: 640 wide, 30 fps,
# 4:2:0, and `C420` in the header (ffmpeg writes C420jpeg / C420mpeg2, which Chromium refuses).
# A clip ends in 2 s of an empty (black) room: the fake camera loops its file, and the
# session is finished inside that gap, so the jump back to the clip's start is never coached.
to_y4m() { # input output [seconds-of-a-still-picture] [seconds-of-the-first-frame-first]
    local loop=() pad=",tpad=stop_duration=2:color=black"
    [ -n "${3:-}" ] && loop=(-loop 1 -t "$3") && pad=""
    [ -n "${4:-}" ] && pad="$pad,tpad=start_duration=$4:start_mode=clone"
    ffmpeg -loglevel error -y "${loop[@]}" -i "$1" -vf "scale=640:-2,fps=30,format=yuv420p$pad" \
        -f yuv4mpegpipe - | python3 -c '
import sys
src, dst = sys.stdin.buffer, open(sys.argv[1], "wb")
head = src.readline().split(b" ")
dst.write(b" ".join(b"C420" if f.startswith(b"C420") else f for f in head))
while chunk := src.read(1 << 20):
    dst.write(chunk)' "$2"
}
