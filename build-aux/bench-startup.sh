#!/usr/bin/env bash
# Benchmarks start-up side by side, in one run, interleaved: `tern` (no
# account), `tern --sandbox`, a minimal libadwaita window this script
# compiles (a text view, focused), and GNOME Text Editor if it is
# installed. For each:
#  - map: exec to the first mapped top-level window (X MapNotify, measured
#    by a small C launcher this script compiles);
#  - ready: exec to the first key landing in the text (not for `tern` with
#    no account, which opens on the sign-in page). From the map on,
#    the launcher gives the window the focus and sends a key (XTest) every
#    few milliseconds until the program reports the first change of its
#    text (tern: its debug line "first change to a post's text"; the
#    minimal window prints one). Not measured for GNOME Text Editor;
#  - the resident memory two seconds after start;
#  - CPU per key typed with xdotool at the end of an empty text and of a
#    25,000-character one (a restored draft for tern, of paragraphs of a
#    few hundred characters as a long thread to split has);
#  - in the first round, CPU time and wake-ups (context switches of all
#    threads) over an idle stretch with nothing touching the window, from
#    12 s after start (once GTK's text cursor has stopped blinking).
# Medians over the repetitions; a table with ratios against the minimal
# window.
#
#   build-aux/bench-startup.sh [BUILDDIR]     (default: _build)
#
# Environment: BENCH_REPS (default 5), BENCH_IDLE_SECS (default 30),
# BENCH_KEYS (default 200), BENCH_TERN (the tern binary, default the
# build's; to compare another build in the same run conditions).
#
# Not a test: nothing here asserts a time. Runs under its own Xvfb (and a
# private D-Bus session and scratch HOME) unless DISPLAY is set.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
builddir=$(cd "${1:-$top/_build}" && pwd)
tern=${BENCH_TERN:-$builddir/src/tern}
reps=${BENCH_REPS:-5}
idle_secs=${BENCH_IDLE_SECS:-30}
keys=${BENCH_KEYS:-200}

for tool in cc pkg-config xdotool xvfb-run python3; do
  command -v "$tool" >/dev/null || { echo "bench-startup: $tool is missing (build-aux/install-deps.sh --with-tests installs it)" >&2; exit 1; }
done
[ -x "$tern" ] || { echo "bench-startup: build first: ninja -C $builddir" >&2; exit 1; }

# Scratch HOME first, then a display and a private session in it.
if [ -z "${TERN_BENCH_IN_SESSION:-}" ]; then
  scratch=$(mktemp -d "${TMPDIR:-/tmp}/tern-bench-startup.XXXXXX")
  export TERN_BENCH_IN_SESSION=1 TERN_BENCH_SCRATCH=$scratch
  export HOME="$scratch/home" XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config"
  export XDG_STATE_HOME="$scratch/state" XDG_CACHE_HOME="$scratch/cache" GSETTINGS_BACKEND=memory
  export XDG_RUNTIME_DIR="$scratch/run" GDK_BACKEND=x11 NO_AT_BRIDGE=1
  export GSETTINGS_SCHEMA_DIR="$builddir/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"
  mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_STATE_HOME" "$XDG_CACHE_HOME"
  mkdir -m 700 "$XDG_RUNTIME_DIR"
  unset DBUS_SESSION_BUS_ADDRESS WAYLAND_DISPLAY
  status=0
  inner=(dbus-run-session -- bash -c \
    'printf bench | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$0" "$@"' \
    "$0" "$builddir")
  if [ -z "${DISPLAY:-}" ]; then
    xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" "${inner[@]}" || status=$?
  else
    "${inner[@]}" || status=$?
  fi
  rm -rf "$scratch"
  exit "$status"
fi
scratch=$TERN_BENCH_SCRATCH

# The launcher: watches the root window for a map, forks, execs the
# program (its output into LOG with -r: GLib writes debug lines to stdout), and prints "PID MAP_MS READY_MS
# XID" once the first top-level maps and, with -r, once MARKER appears in
# LOG while keys are sent to the window (READY_MS -1 when it never does).
# The program is left running. XTest comes from libXtst at run time (the
# library, not its headers, is installed with X).
cat > "$scratch/launch.c" <<'C'
#include <X11/Xlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>
extern int XTestFakeKeyEvent (Display *, unsigned int, int, unsigned long);
static double now (void) { struct timespec t; clock_gettime (CLOCK_MONOTONIC, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }
static int ignore (Display *d, XErrorEvent *e) { (void) d; (void) e; return 0; }
static int log_has (const char *path, const char *marker) {
  static char buf[1 << 20]; size_t n; FILE *f = fopen (path, "r");
  if (!f) return 0;
  n = fread (buf, 1, sizeof buf - 1, f); fclose (f); buf[n] = 0;
  return strstr (buf, marker) != NULL;
}
int main (int argc, char **argv) {
  const char *log = NULL, *marker = NULL; int first = 1;
  Display *d = XOpenDisplay (NULL);
  XEvent e; double start, map, ready = -1, sent = 0; pid_t pid; Window w;
  if (!d) { fprintf (stderr, "no display\n"); return 1; }
  if (argc > 4 && strcmp (argv[1], "-r") == 0) { log = argv[2]; marker = argv[3]; first = 4; }
  XSetErrorHandler (ignore);
  XSelectInput (d, DefaultRootWindow (d), SubstructureNotifyMask);
  XSync (d, False);
  start = now ();
  pid = fork ();
  if (pid == 0) {
    if (log) { int fd = open (log, O_WRONLY | O_CREAT | O_TRUNC, 0644); dup2 (fd, 1); dup2 (fd, 2); close (fd); }
    execvp (argv[first], argv + first); _exit (127);
  }
  for (;;) { XNextEvent (d, &e); if (e.type == MapNotify && !e.xmap.override_redirect) break; }
  map = now () - start; w = e.xmap.window;
  if (log) {
    KeyCode key = XKeysymToKeycode (d, XStringToKeysym ("x"));
    while (now () - start < 30000) {
      if (now () - sent >= 4) {
        XSetInputFocus (d, w, RevertToParent, CurrentTime);
        XTestFakeKeyEvent (d, key, True, 0); XTestFakeKeyEvent (d, key, False, 0);
        XFlush (d); sent = now ();
      }
      if (log_has (log, marker)) { ready = now () - start; break; }
      usleep (500);
    }
  }
  printf ("%d %.1f %.1f %lu\n", (int) pid, map, ready, (unsigned long) w);
  return 0;
}
C
cat > "$scratch/minimal.c" <<'C'
#include <adwaita.h>
#include <stdio.h>
static void changed (GtkTextBuffer *buffer) {
  static int seen;
  if (!seen) { seen = 1; fprintf (stderr, "first key\n"); }
}
static void activate (GtkApplication *app) {
  GtkWidget *w = adw_application_window_new (app);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *view = gtk_text_view_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  const char *path = g_getenv ("BENCH_TEXT_FILE");
  char *text = NULL;
  GtkTextIter end;
  if (path && g_file_get_contents (path, &text, NULL, NULL)) {
    gtk_text_buffer_set_text (buffer, text, -1);
    gtk_text_buffer_get_end_iter (buffer, &end);
    gtk_text_buffer_place_cursor (buffer, &end);
    g_free (text);
  }
  g_signal_connect (buffer, "changed", G_CALLBACK (changed), NULL);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (w), box);
  gtk_window_set_default_size (GTK_WINDOW (w), 600, 500);
  gtk_widget_grab_focus (view);
  gtk_window_present (GTK_WINDOW (w));
}
int main (int argc, char **argv) {
  AdwApplication *app = adw_application_new ("org.example.BenchMinimal", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (activate), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
C
# shellcheck disable=SC2046
cc -O2 -o "$scratch/launch" "$scratch/launch.c" $(pkg-config --cflags --libs x11) -l:libXtst.so.6
# shellcheck disable=SC2046
cc -O2 -o "$scratch/minimal" "$scratch/minimal.c" $(pkg-config --cflags --libs libadwaita-1)

names=(minimal tern tern-sandbox)
declare -A cmd=([minimal]="$scratch/minimal" [tern]="$tern" [tern-sandbox]="$tern --sandbox")
# Where keys land: with no account `tern` opens on the sign-in page (the
# first run), so it has no "ready to type" and no typing here.
declare -A marker=([minimal]="first key" [tern-sandbox]="first change to a post's text")
if command -v gnome-text-editor >/dev/null; then
  names+=(text-editor)
  cmd[text-editor]="gnome-text-editor --standalone --ignore-session"
fi

# The long text: 25,000 characters in paragraphs of a few hundred, words
# of mixed lengths, with a link and a mention now and then.
long_text="$scratch/long.txt"
python3 - "$long_text" <<'PY'
import random, sys
rng = random.Random(16)
words = ["the", "a", "sign-in", "composer", "thread", "paragraph", "keyboard", "start-up",
         "measured", "typing", "post", "draft", "https://example.com/notes", "@someone", "#tern"]
out, para = [], []
while sum(map(len, out)) < 25000:
    para.append(rng.choice(words))
    if len(" ".join(para)) > rng.randint(200, 600):
        out.append(" ".join(para) + ".\n\n")
        para = []
text = "".join(out)[:25000]
open(sys.argv[1], "w").write(text)
PY
# A draft of it, as the store writes one (restored at start).
write_long_draft() {
  mkdir -p "$XDG_DATA_HOME/tern/drafts"
  python3 - "$long_text" "$XDG_DATA_HOME/tern/drafts/bench-long.json" <<'PY'
import json, sys
json.dump({"version": 1, "id": "bench-long", "posts": [{"text": open(sys.argv[1]).read()}]},
          open(sys.argv[2], "w"))
PY
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# switches PID: "TID:COUNT ..." of every thread's context switches.
switches() {
  local t
  for t in /proc/"$1"/task/*; do
    awk -v tid="${t##*/}" '/ctxt_switches/ {n += $2} END {printf "%s:%d ", tid, n}' "$t/status" 2>/dev/null
  done
}
# switches_between "BEFORE" "AFTER": the switches in between, of the
# threads alive at both ends (and those born in between, whole).
switches_between() {
  python3 - "$1" "$2" <<'PY'
import sys
def parse(s):
    return {t: int(n) for t, n in (x.split(":") for x in s.split())}
before, after = parse(sys.argv[1]), parse(sys.argv[2])
print(sum(n - before.get(t, 0) for t, n in after.items()))
PY
}
rss_mb() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }
hz=$(getconf CLK_TCK)

results="$scratch/results.tsv"
: > "$results"
# stop PID: ends a program this script started, and waits for it.
stop() { kill "$1" 2>/dev/null || true; while kill -0 "$1" 2>/dev/null; do sleep 0.05; done; }
# type_cpu PID XID: CPU milliseconds per key for $keys keys typed at the cursor.
type_cpu() {
  local c0 c1
  xdotool windowfocus --sync "$2" 2>/dev/null || true
  c0=$(cpu_ticks "$1")
  xdotool type --delay 5 "$(head -c "$keys" /dev/zero | tr '\0' a)"
  sleep 1
  c1=$(cpu_ticks "$1")
  python3 -c "print(f'{($c1 - $c0) * 1000 / $hz / $keys:.2f}')"
}

echo "Start-up, $reps rounds, interleaved…" >&2
# Round 0 warms the file cache and GTK's caches and is not counted.
for ((r = 0; r <= reps; r++)); do
  for name in "${names[@]}"; do
    # A fresh start each time: no draft, no account.
    rm -rf "$XDG_DATA_HOME/tern" "$XDG_CONFIG_HOME/tern"
    log="$scratch/$name.log"
    if [ -n "${marker[$name]:-}" ]; then
      # shellcheck disable=SC2086
      read -r pid ms ready xid < <(G_MESSAGES_DEBUG=tern-post-editor \
        "$scratch/launch" -r "$log" "${marker[$name]}" ${cmd[$name]} 2>/dev/null)
    else
      # shellcheck disable=SC2086
      read -r pid ms ready xid < <("$scratch/launch" ${cmd[$name]} 2>/dev/null)
    fi
    # Settled memory: after the first seconds of work.
    sleep 2
    if [ "$r" = 0 ]; then stop "$pid"; continue; fi
    echo -e "$name\tmap\t$ms" >> "$results"
    [ "$ready" = "-1.0" ] || [ -z "${marker[$name]:-}" ] || echo -e "$name\tready\t$ready" >> "$results"
    echo -e "$name\trss\t$(rss_mb "$pid")" >> "$results"
    if [ "$r" = 1 ]; then
      # Idle: nothing touches the window. GTK's text cursor blinks (a
      # fade, drawn every frame) for 10 s after the last key; the idle
      # stretch starts once it has stopped.
      sleep 10
      c0=$(cpu_ticks "$pid") s0=$(switches "$pid")
      sleep "$idle_secs"
      c1=$(cpu_ticks "$pid") s1=$(switches "$pid")
      echo -e "$name\tidle_cpu_ms\t$(( (c1 - c0) * 1000 / hz ))" >> "$results"
      echo -e "$name\tidle_wakeups\t$(switches_between "$s0" "$s1")" >> "$results"
    fi
    # CPU per key, typed into the focused text (the composer for tern).
    if [ "$name" != tern ]; then
      echo -e "$name\tkey_cpu_ms\t$(type_cpu "$pid" "$xid")" >> "$results"
    fi
    stop "$pid"

    # The same at the end of 25,000 characters.
    if [ -n "${marker[$name]:-}" ]; then
      rm -rf "$XDG_DATA_HOME/tern" "$XDG_CONFIG_HOME/tern"
      write_long_draft
      # shellcheck disable=SC2086
      read -r pid _ _ xid < <(BENCH_TEXT_FILE="$long_text" G_MESSAGES_DEBUG=tern-post-editor \
        "$scratch/launch" -r "$log" "${marker[$name]}" ${cmd[$name]} 2>/dev/null)
      sleep 2
      echo -e "$name\tlong_key_cpu_ms\t$(type_cpu "$pid" "$xid")" >> "$results"
      stop "$pid"
    fi
    echo "  round $r $name: map ${ms} ms, ready ${ready} ms" >&2
  done
done

python3 - "$results" "$reps" "$idle_secs" "$keys" <<'PY'
import sys, statistics
path, reps, idle, keys = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
data = {}
for line in open(path):
    name, what, value = line.rstrip("\n").split("\t")
    data.setdefault(name, {}).setdefault(what, []).append(float(value))
names = list(data)
def med(n, w):
    v = data.get(n, {}).get(w)
    return statistics.median(v) if v else None
def cell(v, fmt, width):
    return f"{'—' if v is None else format(v, fmt):>{width}}"
def ratio(a, b, width=6):
    return cell(None if a is None or not b else a / b, ".2f", width)
base = {w: med("minimal", w) for w in ("map", "ready", "rss", "idle_cpu_ms", "idle_wakeups",
                                        "key_cpu_ms", "long_key_cpu_ms")}
print()
print(f"Medians of {reps} rounds; idle over {idle} s from round 1; CPU per key over {keys} keys typed,")
print("at the end of an empty text and of a 25,000-character one. ×min: against the minimal window.")
print(f"{'program':<13} {'map ms':>7} {'×min':>5} {'ready ms':>8} {'×min':>5} {'×map':>5} {'RSS MB':>7} {'×min':>5} "
      f"{'idle CPU ms':>11} {'wakeups':>7} {'×min':>5} {'ms/key':>6} {'long':>6} {'long/empty':>10}")
for n in names:
    m, rd, r = med(n, "map"), med(n, "ready"), med(n, "rss")
    k, lk, w = med(n, "key_cpu_ms"), med(n, "long_key_cpu_ms"), med(n, "idle_wakeups")
    print(f"{n:<13} {cell(m, '.1f', 7)} {ratio(m, base['map'], 5)} {cell(rd, '.1f', 8)} {ratio(rd, base['ready'], 5)} "
          f"{ratio(rd, base['map'], 5)} {cell(r, '.1f', 7)} {ratio(r, base['rss'], 5)} "
          f"{cell(med(n, 'idle_cpu_ms'), '.0f', 11)} {cell(w, '.0f', 7)} {ratio(w, base['idle_wakeups'], 5)} "
          f"{cell(k, '.2f', 6)} {cell(lk, '.2f', 6)} {ratio(lk, k, 10)}")
print()
print("Targets")
def verdict(ok):
    return "met" if ok else "NOT met"
s = med("tern-sandbox", "ready")
if s is not None:
    print(f"  tern --sandbox ready to type within 1.3× the minimal window's map: "
          f"{s / base['map']:.2f}× — {verdict(s <= 1.3 * base['map'])}")
for n in ("tern", "tern-sandbox"):
    r = med(n, "rss")
    print(f"  {n} RSS within 1.3× the minimal window's: {r / base['rss']:.2f}× — {verdict(r <= 1.3 * base['rss'])}")
for n in ("tern", "tern-sandbox"):
    k, lk = med(n, "key_cpu_ms"), med(n, "long_key_cpu_ms")
    if k and lk is not None:
        print(f"  {n} CPU per key, 25,000 characters vs empty, within 2×: {lk / k:.2f}× — {verdict(lk <= 2 * k)}")
PY
