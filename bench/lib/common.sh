# bench/lib/common.sh: shared by bench/cache-per-plan and bench/signed-in.
# Sourced, not run. Loopback only; every wait is bounded. Expects $work (a
# temporary directory) and the array pids (what cleanup kills) to exist.

# The samspel binary: $SAMSPEL, or build/samspel (re)built as a release.
bench_binary() {
	if [ -n "${SAMSPEL:-}" ]; then
		[ -x "$SAMSPEL" ] || { echo "bench: $SAMSPEL is not executable" >&2; exit 1; }
		echo "$SAMSPEL"
		return
	fi
	test -f build/build.ninja || meson setup build --buildtype=release -Dtests=false >/dev/null
	ninja -C build samspel >/dev/null
	echo build/samspel
}

bench_need() { # tool...
	for tool in "$@"; do
		command -v "$tool" >/dev/null ||
			{ echo "bench: needs $tool (scripts/bootstrap --bench)" >&2; exit 1; }
	done
}

bench_free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# samspel serve DB in the background, THREADS worker threads; sets
# samspel_base (http://127.0.0.1:PORT, no slash) and samspel_pid.
bench_serve() { # samspel db threads name
	local bin=$1 db=$2 threads=$3 name=$4
	"$bin" serve --db "$db" --listen 127.0.0.1:0 --threads "$threads" --per-ip-connections 0 \
		>"$work/$name.out" 2>"$work/$name.err" &
	samspel_pid=$!
	pids+=("$samspel_pid")
	for _ in $(seq 100); do grep -q listening "$work/$name.out" && break; sleep 0.1; done
	samspel_base=$(sed -n 's/^listening on //p' "$work/$name.out")
	samspel_base=${samspel_base%/}
	case $samspel_base in
	http://127.0.0.1:*) ;;
	*) echo "bench: samspel did not start on loopback:" >&2; cat "$work/$name.err" >&2; exit 2 ;;
	esac
}

# nginx serving $work/www (every file a page's saved bytes) with THREADS
# workers, like bench/plan-page; sets nginx_base.
bench_nginx() { # threads
	local port
	mkdir -p "$work/www" "$work/tmp"
	chmod 755 "$work" "$work/www"  # nginx workers run as an unprivileged user
	port=$(bench_free_port)
	cat >"$work/nginx.conf" <<CONF
worker_processes $1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  default_type text/html;
  client_body_temp_path $work/tmp; proxy_temp_path $work/tmp;
  fastcgi_temp_path $work/tmp; uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
  server {
    listen 127.0.0.1:$port;
    root $work/www;
    location / { charset utf-8; gzip_static on; }
  }
}
CONF
	nginx -c "$work/nginx.conf" -p "$work" &
	pids+=($!)
	nginx_base=http://127.0.0.1:$port
	for _ in $(seq 50); do curl -s -o /dev/null "$nginx_base/" && break; sleep 0.1; done
}

# Saves URL's body (with optional cookie) as $work/www/NAME for nginx and
# checks nginx serves the very bytes. Prints the size. With BENCH_GZIP=1
# also the body samspel sends a client that takes gzip, as NAME.gz (nginx's
# gzip_static sends it to such a client), checked the same way; prints
# that size.
bench_mirror() { # url name [session]
	local url=$1 name=$2 sess=${3:-}
	curl -sf ${sess:+-H "Cookie: samspel_session=$sess"} "$url" -o "$work/www/$name" ||
		{ echo "bench: GET $url failed" >&2; exit 2; }
	chmod 644 "$work/www/$name"
	cmp -s "$work/www/$name" <(curl -s "$nginx_base/$name") ||
		{ echo "bench: nginx does not serve the bytes of $url" >&2; exit 2; }
	if [ "${BENCH_GZIP:-0}" = 1 ]; then
		# Asked twice: the first answer may be the one that rendered it.
		curl -sf ${sess:+-H "Cookie: samspel_session=$sess"} -H 'Accept-Encoding: gzip' "$url" -o /dev/null
		curl -sf ${sess:+-H "Cookie: samspel_session=$sess"} -H 'Accept-Encoding: gzip' "$url" \
			-o "$work/www/$name.gz" || { echo "bench: GET $url (gzip) failed" >&2; exit 2; }
		chmod 644 "$work/www/$name.gz"
		gzip -dc "$work/www/$name.gz" | cmp -s - "$work/www/$name" ||
			{ echo "bench: the gzip body of $url is not the page" >&2; exit 2; }
		cmp -s "$work/www/$name.gz" <(curl -s -H 'Accept-Encoding: gzip' "$nginx_base/$name") ||
			{ echo "bench: nginx does not serve the gzip bytes of $url" >&2; exit 2; }
		stat -c %s "$work/www/$name.gz"
		return
	fi
	stat -c %s "$work/www/$name"
}

# Signs LOGIN in through /login as a browser does; prints the session.
bench_sign_in() { # base login password
	local base=$1 jar pre sess
	jar=$(mktemp "$work/jar-XXXXXX")
	curl -sf -c "$jar" -o "$jar.html" "$base/login" || { echo "bench: GET /login failed" >&2; exit 2; }
	pre=$(sed -n 's/.*name="pre" value="\([^"]*\)".*/\1/p' "$jar.html" | head -1)
	curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "login=$2" \
		--data-urlencode "password=$3" --data-urlencode "pre=$pre" "$base/login"
	sess=$(awk '$6 == "samspel_session" {print $7}' "$jar")
	[ -n "$sess" ] || { echo "bench: signing in as $2 failed" >&2; exit 2; }
	echo "$sess"
}

# wrk on URL (with optional session cookie); prints "RPS P50 P99 NON2XX ERRORS".
# Latencies are converted to ms.
bench_wrk() { # url threads conns seconds [session]
	local out
	local gz=()
	[ "${BENCH_GZIP:-0}" = 1 ] && gz=(-H 'Accept-Encoding: gzip')
	out=$(timeout $(($4 + 60)) wrk -t"$2" -c"$3" -d"$4s" --timeout 30s --latency \
		${5:+-H "Cookie: samspel_session=$5"} "${gz[@]}" "$1")
	awk '
	function ms(v) {
		if (v ~ /us$/) return sprintf("%.2f", v / 1000)
		if (v ~ /ms$/) return sprintf("%.2f", v + 0)
		if (v ~ /m$/) return sprintf("%.0f", v * 60000)
		if (v ~ /s$/) return sprintf("%.0f", v * 1000)
		return v
	}
	/^Requests\/sec/ {rps = $2}
	$1 == "50%" {p50 = ms($2)}
	$1 == "99%" {p99 = ms($2)}
	/Non-2xx/ {bad = $NF}
	/Socket errors/ {err = $0; gsub(/[^0-9 ]/, "", err); split(err, e, " "); errs = e[1] + e[2] + e[3] + e[4]}
	END {printf "%s %s %s %d %d\n", rps, p50, p99, bad, errs}' <<<"$out"
}

bench_ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.2f", a / b; else print "-"}'; }

# Waits (at most LIMIT seconds, default 120) until samspel at BASE answers
# /healthz within 50 ms: after wrk stops, requests it left queued in a slow
# server are still being served and would count against the next run.
bench_drain() { # base [limit]
	local end=$((SECONDS + ${2:-120})) t
	while [ "$SECONDS" -lt "$end" ]; do
		t=$(curl -s -o /dev/null --max-time 5 -w '%{time_total}' "$1/healthz" || echo 9)
		awk -v t="$t" 'BEGIN {exit !(t < 0.05)}' && return 0
		sleep 0.5
	done
	echo "bench: $1 still busy after ${2:-120} s" >&2
}
