#!/usr/bin/env bash
# Idle footprint: the service in sandbox mode (demo estate, its schedules running, no client requests), sampled every
# 10 s for resident memory (VmRSS, /proc/PID/status) and CPU time (utime+stime, /proc/PID/stat) of the service process
# alone; its moto server child is shown for information but not counted.
#
#   bench/idle-footprint.sh [minutes]        (default 10; needs: dotnet build -c Release src/DrService)
#
# The service listens on a free loopback port, keeps its state in a temporary folder, and is stopped by its pid on exit,
# Ctrl+C or error (SIGINT first, which also stops its moto server; SIGKILL after 30 s; the moto child by its pid last).
set -euo pipefail

minutes="${1:-10}"
interval="${IDLE_INTERVAL:-10}"
if ! [[ "$minutes" =~ ^[0-9]+$ ]] || (( minutes < 1 )); then
  echo "usage: $0 [minutes]   (a whole number of minutes, at least 1)" >&2
  exit 64
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dll="$root/src/DrService/bin/Release/net10.0/DrService.dll"
if [[ ! -f "$dll" ]]; then
  echo "$dll not found: build it first with: dotnet build -c Release src/DrService" >&2
  exit 66
fi

data="$(mktemp -d -t drs-idle-XXXXXX)"
log="$data/service.log"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
pid=""
moto=""

alive() { [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null; }

stop() {
  local code=$?
  trap - EXIT INT TERM
  if alive "$pid"; then
    kill -INT "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do alive "$pid" || break; sleep 1; done
    if alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  if alive "$moto"; then kill -TERM "$moto" 2>/dev/null || true; fi
  rm -rf "$data"
  exit "$code"
}
trap stop EXIT
trap 'exit 130' INT TERM

cd "$root"
DrService__Storage__DataDirectory="$data" DOTNET_ENVIRONMENT=Production Logging__Console__FormatterName=simple \
  dotnet "$dll" --sandbox --Urls "http://127.0.0.1:$port" >"$log" 2>&1 &
pid=$!
echo "service pid $pid on http://127.0.0.1:$port, state in $data"

# Ready: the sandbox has started moto, seeded the demo estate and answers /readyz.
for i in $(seq 1 600); do
  if ! alive "$pid"; then echo "the service exited during start-up:" >&2; tail -n 40 "$log" >&2; exit 1; fi
  if curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null; then break; fi
  if (( i == 600 )); then echo "not ready after 600 s" >&2; tail -n 40 "$log" >&2; exit 1; fi
  sleep 1
done
moto="$(pgrep -P "$pid" | head -n 1 || true)"
ticks="$(getconf CLK_TCK)"
page_kib=$(( $(getconf PAGESIZE) / 1024 ))

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
hwm_kib() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
# utime + stime in clock ticks: fields 14 and 15, counted after the ")" that closes the command name.
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
now_ns() { date +%s%N; }

load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
samples=$(( minutes * 60 / interval ))
echo "moto server child pid ${moto:-none} (not counted)"
echo "ready; sampling every ${interval} s for ${minutes} min (${samples} samples); load average at start: $load_start"
echo
printf '| %8s | %12s | %12s | %13s |\n' "t (s)" "RSS (MiB)" "CPU % (${interval} s)" "moto RSS (MiB)"
printf '|%s|%s|%s|%s|\n' "---------:" "-------------:" "-------------:" "---------------:"

t0="$(now_ns)"; c0="$(cpu_ticks "$pid")"
prev_t="$t0"; prev_c="$c0"
sum_rss=0; peak_rss=0; peak_cpu=0
for n in $(seq 1 "$samples"); do
  # Sample on a fixed grid from t0 (the awk/sed calls themselves take time on a loaded machine).
  wait_ns=$(( t0 + n * interval * 1000000000 - $(now_ns) ))
  (( wait_ns > 0 )) && sleep "$(awk -v w="$wait_ns" 'BEGIN { printf "%.3f", w / 1e9 }')"
  alive "$pid" || { echo "the service exited while sampled:" >&2; tail -n 40 "$log" >&2; exit 1; }
  t="$(now_ns)"; c="$(cpu_ticks "$pid")"; r="$(rss_kib "$pid")"
  m=0; if alive "$moto"; then m="$(rss_kib "$moto")"; fi
  cpu="$(awk -v dc=$((c - prev_c)) -v dt=$((t - prev_t)) -v hz="$ticks" 'BEGIN { printf "%.2f", 100 * dc / hz / (dt / 1e9) }')"
  sum_rss=$((sum_rss + r)); (( r > peak_rss )) && peak_rss=$r
  peak_cpu="$(awk -v a="$peak_cpu" -v b="$cpu" 'BEGIN { print (b > a) ? b : a }')"
  printf '| %8d | %12.1f | %12s | %14.1f |\n' $((n * interval)) "$(awk -v k="$r" 'BEGIN { print k / 1024 }')" "$cpu" "$(awk -v k="$m" 'BEGIN { print k / 1024 }')"
  prev_t="$t"; prev_c="$c"
done

total_cpu_s="$(awk -v dc=$((prev_c - c0)) -v hz="$ticks" 'BEGIN { printf "%.1f", dc / hz }')"
wall_s="$(awk -v dt=$((prev_t - t0)) 'BEGIN { printf "%.0f", dt / 1e9 }')"
echo
echo "Summary (service process $pid alone, ${samples} samples over ${wall_s} s after ready):"
printf '| %-28s | %s |\n' "Measure" "Value"
printf '|%s|%s|\n' "---" "---:"
printf '| %-28s | %s |\n' "Mean RSS" "$(awk -v s="$sum_rss" -v n="$samples" 'BEGIN { printf "%.1f MiB", s / n / 1024 }')"
printf '| %-28s | %s |\n' "Peak RSS (of the samples)" "$(awk -v k="$peak_rss" 'BEGIN { printf "%.1f MiB", k / 1024 }')"
printf '| %-28s | %s |\n' "Peak RSS (VmHWM, since start)" "$(awk -v k="$(hwm_kib "$pid")" 'BEGIN { printf "%.1f MiB", k / 1024 }')"
printf '| %-28s | %s |\n' "Mean CPU (% of one core)" "$(awk -v c="$total_cpu_s" -v w="$wall_s" 'BEGIN { printf "%.2f %%", 100 * c / w }')"
printf '| %-28s | %s |\n' "Peak ${interval} s CPU (% of one core)" "$peak_cpu %"
printf '| %-28s | %s |\n' "CPU time while sampled" "$total_cpu_s s"
printf '| %-28s | %s |\n' "Threads at end" "$(awk '/^Threads:/ { print $2 }' "/proc/$pid/status")"
printf '| %-28s | %s |\n' "Load average start / end" "$load_start / $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "(page size ${page_kib} KiB, ${ticks} clock ticks/s; machine: $(nproc) cores, $(uptime))"
