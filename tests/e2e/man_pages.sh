# The man pages in docs/man are generated from the command tables and
# must be current (regenerate with scripts/gen-man.sh).
. "$(dirname "$0")/lib.bash"
root=$ROOT
for c in $("$ASH" help | awk '{print $1}'); do
  [ -f "$root/docs/man/ashiato-$c.1" ] || fail "docs/man/ashiato-$c.1 missing (run scripts/gen-man.sh)"
  "$ASH" help "$c" --man | cmp -s - "$root/docs/man/ashiato-$c.1" || fail "docs/man/ashiato-$c.1 is stale (run scripts/gen-man.sh)"
done
