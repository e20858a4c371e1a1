#!/usr/bin/env bash
# Answer times of pages and API over HTTP (no-cache) on the embedded database of $EVEDMV_HOME, with serve on $PORT.
# TOP_SINCE / TOP_UNTIL: the week of the top lists (default the last week of the 1M data set of docs/performance.md).
PORT=${PORT:-18300}
TOP_SINCE=${TOP_SINCE:-2026-07-31}
TOP_UNTIL=${TOP_UNTIL:-2026-08-07}
B=http://127.0.0.1:$PORT
P=$(cat "${EVEDMV_HOME:-/tmp/m1}/pg/port")
q() { psql -h 127.0.0.1 -p $P -U postgres evedmv -tAc "$1"; }
chars=$(q "SELECT entity_id FROM entity_daily WHERE entity_kind=1 AND NOT npc GROUP BY 1 ORDER BY sum(kills) DESC LIMIT 20" | tr '\n' ' ')
alls=$(q "SELECT entity_id FROM entity_daily WHERE entity_kind=3 AND NOT npc GROUP BY 1 ORDER BY sum(kills) DESC LIMIT 10" | tr '\n' ' ')
corps=$(q "SELECT entity_id FROM entity_daily WHERE entity_kind=2 AND NOT npc GROUP BY 1 ORDER BY sum(kills) DESC LIMIT 10" | tr '\n' ' ')
kms=$(q "SELECT killmail_id FROM killmail_directory ORDER BY killmail_id DESC LIMIT 10" | tr '\n' ' ')
stat() { python3 -c "
import sys
v=sorted(float(x)*1000 for x in sys.stdin if x.strip())
n=len(v); p=lambda q: v[min(n-1,int(q*n))]
print(f'n={n} p50={p(0.5):.1f} p95={p(0.95):.1f} max={v[-1]:.1f} ms')"; }
t() { curl -s -o /dev/null -w '%{time_total}\n' -H 'Cache-Control: no-cache' "$1"; }
echo "pages (static shells):"; for i in 1 2 3; do for id in $chars; do t $B/characters/$id; done; t $B/; t $B/ops; t $B/live; done | stat
echo "character summaries all-time (top 20 by kills):"; for r in 1 2; do for id in $chars; do t "$B/api/v1/characters/$id?window=all"; done; done | stat
echo "alliance summaries all-time (top 10):"; for r in 1 2; do for id in $alls; do t "$B/api/v1/alliances/$id?window=all"; done; done | stat
echo "corporation summaries all-time (top 10):"; for r in 1 2; do for id in $corps; do t "$B/api/v1/corporations/$id?window=all"; done; done | stat
echo "character kills pages:"; for id in $chars; do t "$B/api/v1/characters/$id/kills?include_npc=false"; done | stat
echo "killmail detail:"; for r in 1 2; do for id in $kms; do t "$B/api/v1/killmails/$id"; done; done | stat
echo "top lists, $TOP_SINCE to $TOP_UNTIL:"; for k in character corporation alliance ship system; do for r in 1 2 3; do t "$B/api/v1/top?kind=$k&since=$TOP_SINCE&until=$TOP_UNTIL"; done; done | stat
echo "search:"; for s in Se Ra Jit Ama Rif Zab Gei Kor Mo Vel; do t "$B/api/v1/search?q=$s"; done | stat
echo "first character: $(echo $chars | cut -d' ' -f1)"
