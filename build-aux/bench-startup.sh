#!/usr/bin/env bash
# Benchmarks start-up side by side, in one run, interleaved: `tern` (no
# account), `tern --sandbox`, a minimal libadwaita window this script
# compiles, and GNOME Text Editor if it is installed. For each: the time
# from exec to the first mapped top-level window (X MapNotify, measured by
# a small C launcher this script compiles), the resident memory once
# started, and, for one run of each, CPU time and wake-ups (context
# switches) while idle. For tern it also types keys with xdotool and
# reports the CPU per key. Medians over the repetitions; a table with
# ratios against the minimal window.
#
#   build-aux/bench-startup.sh [BUILDDIR]     (default: _build)
#
# Environment: BENCH_REPS (default 5), BENCH_IDLE_SECS (default 30),
# BENCH_KEYS (default 200).
#
# Not a test: nothing here asserts a time. Runs under its own Xvfb (and a
# private D-Bus session and scratch HOME) unless DISPLAY is set.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
builddir=$(cd "${1:-$top/_build}" && pwd)
tern="$builddir/src/tern"
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
# program, prints "PID MILLISECONDS" at the first top-level map and
# leaves the program running.
cat > "$scratch/launch.c" <<'C'
#include <X11/Xlib.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
static double now (void) { struct timespec t; clock_gettime (CLOCK_MONOTONIC, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }
int main (int argc, char **argv) {
  Display *d = XOpenDisplay (NULL);
  XEvent e; double start; pid_t pid;
  if (!d) { fprintf (stderr, "no display\n"); return 1; }
  XSelectInput (d, DefaultRootWindow (d), SubstructureNotifyMask);
  XSync (d, False);
  start = now ();
  pid = fork ();
  if (pid == 0) { execvp (argv[1], argv + 1); _exit (127); }
  for (;;) { XNextEvent (d, &e); if (e.type == MapNotify && !e.xmap.override_redirect) break; }
  printf ("%d %.1f %lu\n", (int) pid, now () - start, (unsigned long) e.xmap.window);
  return 0;
}
C
cat > "$scratch/minimal.c" <<'C'
#include <adwaita.h>
static void activate (GtkApplication *app) {
  GtkWidget *w = adw_application_window_new (app);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *view = gtk_text_view_new ();
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_widget_set_vexpand (view, TRUE);
  gtk_box_append (GTK_BOX (box), view);
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
cc -O2 -o "$scratch/launch" "$scratch/launch.c" $(pkg-config --cflags --libs x11)
# shellcheck disable=SC2046
cc -O2 -o "$scratch/minimal" "$scratch/minimal.c" $(pkg-config --cflags --libs libadwaita-1)

names=(minimal tern tern-sandbox)
declare -A cmd=([minimal]="$scratch/minimal" [tern]="$tern" [tern-sandbox]="$tern --sandbox")
if command -v gnome-text-editor >/dev/null; then
  names+=(text-editor)
  cmd[text-editor]="gnome-text-editor --standalone --ignore-session"
fi

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
switches() { awk '/ctxt_switches/ {n += $2} END {print n}' "/proc/$1/status"; }
rss_mb() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }
hz=$(getconf CLK_TCK)

results="$scratch/results.tsv"
: > "$results"
# stop PID: ends a program this script started, and waits for it.
stop() { kill "$1" 2>/dev/null || true; while kill -0 "$1" 2>/dev/null; do sleep 0.05; done; }

echo "Start-up, $reps rounds, interleaved…" >&2
# Round 0 warms the file cache and GTK's caches and is not counted.
for ((r = 0; r <= reps; r++)); do
  for name in "${names[@]}"; do
    # A fresh start each time: no draft, no account.
    rm -rf "$XDG_DATA_HOME/tern" "$XDG_CONFIG_HOME/tern"
    # shellcheck disable=SC2086
    read -r pid ms xid < <("$scratch/launch" ${cmd[$name]} 2>/dev/null)
    # Settled memory: after the first second of work.
    sleep 2
    if [ "$r" = 0 ]; then stop "$pid"; continue; fi
    echo -e "$name\tmap\t$ms" >> "$results"
    echo -e "$name\trss\t$(rss_mb "$pid")" >> "$results"
    if [ "$r" = 1 ]; then
      # Idle: nothing touches the window (a blinking text cursor stops
      # after GTK's 10 s blink timeout, so 30 s mostly sees the rest).
      c0=$(cpu_ticks "$pid") s0=$(switches "$pid")
      sleep "$idle_secs"
      c1=$(cpu_ticks "$pid") s1=$(switches "$pid")
      echo -e "$name\tidle_cpu_ms\t$(( (c1 - c0) * 1000 / hz ))" >> "$results"
      echo -e "$name\tidle_wakeups\t$((s1 - s0))" >> "$results"
      # CPU per key, typed into the focused text (the composer for tern).
      xdotool windowfocus --sync "$xid" 2>/dev/null || true
      c0=$(cpu_ticks "$pid")
      xdotool type --delay 5 "$(head -c "$keys" /dev/zero | tr '\0' a)"
      sleep 1
      c1=$(cpu_ticks "$pid")
      echo -e "$name\tkey_cpu_ms\t$(python3 -c "print(f'{($c1 - $c0) * 1000 / $hz / $keys:.2f}')")" >> "$results"
    fi
    stop "$pid"
    echo "  round $r $name: map ${ms} ms" >&2
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
base = {w: med("minimal", w) for w in ("map", "rss", "idle_cpu_ms", "idle_wakeups", "key_cpu_ms")}
print()
print(f"Medians of {reps} rounds (map, RSS); idle over {idle} s and CPU per key ({keys} keys typed) from round 1.")
print(f"{'program':<13} {'map ms':>8} {'×min':>6} {'RSS MB':>8} {'×min':>6} {'idle CPU ms':>12} {'idle wakeups':>13} {'CPU ms/key':>11}")
for n in names:
    m, r = med(n, "map"), med(n, "rss")
    print(f"{n:<13} {m:>8.1f} {m / base['map']:>6.2f} {r:>8.1f} {r / base['rss']:>6.2f} "
          f"{med(n, 'idle_cpu_ms'):>12.0f} {med(n, 'idle_wakeups'):>13.0f} {med(n, 'key_cpu_ms'):>11.2f}")
print()
print("Targets")
s = med("tern-sandbox", "map")
print(f"  tern --sandbox composer on screen (first map) within 1.3× the minimal window's map: "
      f"{s / base['map']:.2f}× — {'met' if s <= 1.3 * base['map'] else 'NOT met'}")
for n in ("tern", "tern-sandbox"):
    r = med(n, "rss")
    print(f"  {n} RSS within 1.3× the minimal window's: {r / base['rss']:.2f}× — {'met' if r <= 1.3 * base['rss'] else 'NOT met'}")
print("  per-key CPU, 25,000-character post vs empty: not measured by this script yet")
PY
