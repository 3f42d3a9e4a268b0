# Progress of a long step that writes a log (sourced: sh has no modules).
#   watch_log LABEL LOGFILE PID [EXPECTED_LINES [PATTERN]]
# Every PVNEST_PROGRESS_SECONDS (default 60) while PID runs, one line on
# stderr: minutes so far, the log's step lines (those matching PATTERN,
# default kbuild's "  CC  file" lines) against EXPECTED_LINES when known
# (with a rough time left), and the last step. Returns when PID has ended.
watch_log() {
	_label=$1 _log=$2 _pid=$3 _exp=${4:-} _pat=${5:-'^  [A-Z][A-Z0-9_]* '}
	_every=${PVNEST_PROGRESS_SECONDS:-60} _t0=$(date +%s) _next=$_every
	while kill -0 "$_pid" 2>/dev/null; do
		sleep 1
		_el=$(($(date +%s) - _t0))
		[ $_el -ge $_next ] || continue
		_next=$((_next + _every))
		_n=$(grep -c -- "$_pat" "$_log" 2>/dev/null || true)
		_last=$(grep -- "$_pat" "$_log" 2>/dev/null | tail -n1 | sed 's/^ *//; s/  */ /g' | cut -c1-60)
		_how="$_n steps"
		if [ -n "$_exp" ] && [ "$_exp" -gt 0 ] && [ "${_n:-0}" -gt 0 ]; then
			_pc=$((_n * 100 / _exp)); [ $_pc -gt 99 ] && _pc=99
			_left=$(( (_exp - _n) * _el / _n )); [ $_left -lt 0 ] && _left=0
			_how="$_n of ~$_exp steps ($_pc %, ~$(( (_left + 59) / 60 )) min left)"
		fi
		echo "$_label: $((_el / 60)) min, $_how${_last:+, now: $_last}" >&2
	done
}
