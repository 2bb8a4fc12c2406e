# Every fuzz corpus and regression input (fuzz/corpus, fuzz/regress) is
# replayed through its target in this build (ASan+UBSan in build-asan).
. "$(dirname "$0")/lib.bash"
root=$ROOT
bdir=$(dirname "$ASH")
n=0
for src in "$root"/fuzz/fuzz_*.c; do
  name=$(basename "$src" .c); name=${name#fuzz_}
  bin="$bdir/replay_$name"
  [ -x "$bin" ] || fail "$bin not built"
  dirs=()
  for d in "$root/fuzz/corpus/$name" "$root/fuzz/regress/$name"; do [ -d "$d" ] && dirs+=("$d"); done
  "$bin" "${dirs[@]}" || fail "replay $name crashed"
  n=$((n + 1))
done
[ $n -ge 1 ] || fail "no fuzz targets"
