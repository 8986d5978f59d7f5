. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pki.sh"
. "$(dirname "$0")/nginx.sh"
pki_or_skip "x" nginx curl
mkdir -p $T/www; echo hi > $T/www/f
nginx_tls_start "$T/www" "" good other self exp >/dev/null || exit 1
for u in "https://127.0.0.1:$NGPORT/f" "https://localhost:$NGTLS_other/f" "https://127.0.0.1:$NGTLS_other/f" "https://localhost:$NGTLS_good/f" "https://localhost:$NGTLS_self/f" "https://localhost:$NGTLS_exp/f"; do
for a in "" "-k" "--pinnedpubkey sha256//AAAA"; do
 c=$(curl -s $a --cacert $P/ca.pem -o /dev/null -w '%{exitcode} %{ssl_verify_result}' "$u")
 s=$($SOCKT http-get -s $a --cacert $P/ca.pem -o /dev/null -w '%{exitcode} %{ssl_verify_result}' "$u")
 echo "$a $u: curl [$c] sockt [$s]"
done; done
