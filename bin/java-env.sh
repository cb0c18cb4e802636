# Sourced by bin/* scripts: selects a JDK 21+ so nobody sets JAVA_HOME by hand.
# Order: a JAVA_HOME that is already 21+, then the newest JDK under /usr/lib/jvm (Temurin first).
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}' | cut -d. -f1; }
select_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then
    return 0
  fi
  local best="" best_major=0 dir major
  for dir in /usr/lib/jvm/temurin-*-jdk* /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
    [ -x "$dir/bin/javac" ] || continue
    major="$(java_major "$dir")"
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best="$dir"; best_major="$major"; fi
  done
  if [ -z "$best" ]; then
    echo "No JDK 21 or newer found (looked under /usr/lib/jvm and /opt). Install one, e.g. 'apt-get install openjdk-21-jdk'." >&2
    return 1
  fi
  export JAVA_HOME="$best"
}
select_jdk || exit 1
export PATH="$JAVA_HOME/bin:$PATH"
