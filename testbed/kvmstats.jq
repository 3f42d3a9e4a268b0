# One window's reply to QMP query-stats (QEMU inside L0) as CSV rows
# config,bench,vcpu,stat,value; histogram stats give one row per non-zero
# bucket, named stat[bucket].
#   jq -r --arg c CONFIG --arg b BENCH -f kvmstats.jq
.return[] | (.["qom-path"]) as $v | .stats[] |
	if (.value | type) == "array" then
		(.name as $n | .value | to_entries[] | select(.value > 0) | [$c, $b, $v, "\($n)[\(.key)]", .value])
	else
		[$c, $b, $v, .name, .value]
	end | @csv
