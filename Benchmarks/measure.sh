# Shared by the benchmark scripts (source it after setting DATA): one timed run, and a median.

# measure NAME COMMAND…: one run; appends "seconds peak_kib" to $DATA/NAME.times (wall time
# from the shell's microsecond clock, as /usr/bin/time only gives hundredths; peak RSS from it)
measure() {
  local name=$1; shift
  local start=$EPOCHREALTIME
  /usr/bin/time -f "%M" -o "$DATA/.one" "$@" >/dev/null 2>&1
  local end=$EPOCHREALTIME
  echo "$(echo "$end - $start" | bc -l) $(cat "$DATA/.one")" >> "$DATA/$name.times"
}

# The median of the numbers on standard input, one per line.
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
