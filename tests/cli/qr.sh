# `dvcdesk qr`: every code it prints must scan as exactly the intended text.
# Each code is painted as a terminal would show it (tests/tools/qrpaint.py:
# 8x16 px per cell, ink black on white, or white on black with --invert)
# and decoded with zbarimg, which does not try inverted codes unless told
# to (-Stest-inverted is never given here), so a polarity bug fails.
. "$(dirname "$0")/../lib.sh"

for tool in zbarimg python3; do
	command -v $tool >/dev/null || { fail "qr: $tool is missing (apt-get install zbar-tools python3)"; finish; exit; }
done
PAINT=$TOP/tests/tools/qrpaint.py

# decode FILE_OF_LINES [qrpaint options]: prints what a reader finds; exit 4 = nothing
decode() {
	local lines=$1
	shift
	python3 "$PAINT" "$@" "$T/qr.pgm" <"$lines" || return 2
	zbarimg --raw -q --nodbus "$T/qr.pgm" 2>>"$T/zbar.err"
}

# text_of BYTES PREFIX: PREFIX padded with ASCII to exactly BYTES bytes
text_of() {
	local s=$2
	while [ "$(printf %s "$s" | wc -c)" -lt "$1" ]; do s+="-Ab12x"; done
	s=$(printf %s "$s" | head -c "$1")
	printf %s "$s"
}

# Only glyphs of the style on stdout: no caption, no escape sequence.
only_glyphs() { # FILE
	! LC_ALL=C.UTF-8 grep -qv '^[ █▀▄#]*$' "$1"
}

# -- lengths x styles x polarities, each read back exactly --------------------
texts=(
	"$(text_of 20 'https://dvc.vn/')"
	"$(text_of 60 'Hồ sơ đăng ký khai sinh: Nguyễn Thị Ánh Tuyết, ')"
	"$(text_of 120 'https://dichvucong.gov.vn/tra-cuu-ho-so?ma=000.00.20.H08-240327-0001&t=')"
	"$(text_of 250 'https://dichvucong.gov.vn/tra-cuu-thu-tuc/danh-sach?keyword=1.001193&x=')"
	"$(text_of 250 'Phường Bến Thành, Thành phố Hồ Chí Minh — Trung tâm Phục vụ hành chính công; hướng dẫn: ')"
)
for t in "${texts[@]}"; do
	bytes=$(printf %s "$t" | wc -c)
	case $t in *[![:print:]]* | *ồ* | *ườ*) kind=utf8 ;; *) kind=ascii ;; esac
	for style in half wide ascii; do
		opt=()
		[ $style = half ] || opt=(--$style)
		for pol in dark-on-light light-on-dark; do
			inv=()
			[ $pol = light-on-dark ] && inv=(--invert)
			name="qr: $bytes-byte $kind text, $style, $pol, decodes exactly"
			if ! "$DVCDESK" qr "${opt[@]}" "${inv[@]}" -- "$t" >"$T/lines" 2>"$T/err"; then
				fail "$name" "exit $?: $(cat "$T/err")"
				continue
			fi
			got=$(decode "$T/lines" "${inv[@]}")
			expect_eq "$name" "$got" "$t"
		done
	done
	check "qr: $bytes-byte $kind text prints only glyph lines on stdout" only_glyphs "$T/lines"
done

# -- the negative: the right lines read with the wrong polarity do not scan ---
for style in half wide ascii; do
	opt=()
	[ $style = half ] || opt=(--$style)
	"$DVCDESK" qr "${opt[@]}" "https://dichvucong.gov.vn/tra-cuu-ho-so" >"$T/lines"
	decode "$T/lines" --invert >"$T/got"
	expect_eq "qr: $style dark-on-light output shown light-on-dark does not scan (exit 4)" "$?" 4
	"$DVCDESK" qr "${opt[@]}" --invert "https://dichvucong.gov.vn/tra-cuu-ho-so" >"$T/lines"
	decode "$T/lines" >"$T/got"
	expect_eq "qr: $style --invert output shown dark-on-light does not scan (exit 4)" "$?" 4
done

# A terminal's frame around an inverted code is its dark background, not quiet zone.
"$DVCDESK" qr --invert "https://dichvucong.gov.vn" >"$T/lines"
expect_eq "qr: --invert carries its own light quiet zone inside a dark frame" \
	"$(decode "$T/lines" --invert --border 3)" "https://dichvucong.gov.vn"

# -- portal targets with the default config ----------------------------------
proc_url='https://dichvucong.gov.vn/tra-cuu-thu-tuc/danh-sach?keyword=1.001193&showAdvanced=false&formalityType=STANDARD&limit=10&activeKey=STANDARD'
expect_exit "qr --procedure: exits 0" 0 "$DVCDESK" qr --procedure 1.001193
printf '%s\n' "$OUT" >"$T/lines"
expect_eq "qr --procedure: decodes to the default procedure URL" "$(decode "$T/lines")" "$proc_url"
check "qr --procedure: stdout holds only the code" only_glyphs "$T/lines"
expect_contains "qr --procedure: stderr shows the URL for a person to check" "$ERR" "$proc_url"
expect_contains "qr --procedure: stderr names the procedure" "$ERR" "1.001193 Đăng ký khai sinh"

LANGUAGE=en "$DVCDESK" qr --procedure 'khai sinh' >"$T/lines" 2>"$T/err"
expect_contains "qr --procedure: warns about a text that is not a code" "$(cat "$T/err")" \
	'"khai sinh" does not look like a procedure code'
expect_eq "qr --procedure: still encodes it, percent-encoded" "$(decode "$T/lines")" \
	"${proc_url/1.001193/khai%20sinh}"

expect_exit "qr --dossier: exits 0" 0 "$DVCDESK" qr --dossier 000.00.20.H08-240327-0001
printf '%s\n' "$OUT" >"$T/lines"
expect_eq "qr --dossier: the default lookup page has no placeholder" \
	"$(decode "$T/lines")" "https://dichvucong.gov.vn/tra-cuu-ho-so"
expect_contains "qr --dossier: caption is Tra cứu hồ sơ with the code" "$ERR" \
	"Tra cứu hồ sơ: 000.00.20.H08-240327-0001"

for tgt in home:https://dichvucong.gov.vn payment:https://dichvucong.gov.vn/thanh-toan-truc-tuyen; do
	"$DVCDESK" qr --target "${tgt%%:*}" >"$T/lines" 2>/dev/null
	expect_eq "qr --target ${tgt%%:*}: decodes to its default URL" "$(decode "$T/lines")" "${tgt#*:}"
done

# Every target: the code scans as exactly the URL shown under its caption.
for tgt in home procedure dossier payment vneid feedback; do
	"$DVCDESK" qr --target $tgt 1.001193 >"$T/lines" 2>"$T/err"
	shown=$(tail -n 1 "$T/err")
	expect_contains "qr --target $tgt: shows a URL under the caption" "$shown" "https://"
	expect_eq "qr --target $tgt: scans as the URL shown" "$(decode "$T/lines")" "$shown"
done

# -- templates from the config, odd characters in the dossier code -----------
cat >"$T/dvcdesk.ini" <<'EOF'
[portal]
dossier_url = https://dvc.example.vn/tra-cuu?ma={dossier}&loai=1
vneid_url = https://play.google.com/store/apps/details?id=com.vnid
feedback_url = https://dvc.example.vn/danh-gia
EOF
dossier='H08 24&03/27#Đơn'
expect_exit "qr --dossier with odd characters: exits 0" 0 \
	"$DVCDESK" --config "$T/dvcdesk.ini" qr --wide --dossier "$dossier"
printf '%s\n' "$OUT" >"$T/lines"
expect_eq "qr --dossier: space & / # and Vietnamese letters are percent-encoded" \
	"$(decode "$T/lines")" "https://dvc.example.vn/tra-cuu?ma=H08%2024%2603%2F27%23%C4%90%C6%A1n&loai=1"
for tgt in vneid:https://play.google.com/store/apps/details?id=com.vnid \
	feedback:https://dvc.example.vn/danh-gia; do
	"$DVCDESK" --config "$T/dvcdesk.ini" qr --ascii --target "${tgt%%:*}" >"$T/lines" 2>/dev/null
	expect_eq "qr --target ${tgt%%:*}: decodes to the configured URL" "$(decode "$T/lines")" "${tgt#*:}"
done
expect_exit "qr --target dossier CODE: the code as operand" 0 \
	"$DVCDESK" --config "$T/dvcdesk.ini" qr --target dossier 'A/B'
printf '%s\n' "$OUT" >"$T/lines"
expect_eq "qr --target dossier CODE: decodes with the code encoded" \
	"$(decode "$T/lines")" "https://dvc.example.vn/tra-cuu?ma=A%2FB&loai=1"
expect_exit "qr --dossier with a {dossier} template and no code: usage error" 64 \
	"$DVCDESK" --config "$T/dvcdesk.ini" qr --target dossier

# -- error correction ---------------------------------------------------------
for e in L M Q H; do
	"$DVCDESK" qr --ecc $e "$proc_url" >"$T/lines"
	expect_eq "qr --ecc $e: decodes" "$(decode "$T/lines")" "$proc_url"
done
# The step-down, measured on this library's own sizes for the procedure URL.
"$DVCDESK" qr --ecc M "$proc_url" >"$T/at_m"
"$DVCDESK" qr --ecc L "$proc_url" >"$T/at_l"
rows_m=$(wc -l <"$T/at_m") rows_l=$(wc -l <"$T/at_l") cols_l=$(head -1 "$T/at_l" | wc -m)
cols_l=$((cols_l - 1))
check "qr: the procedure URL is taller at M ($rows_m) than at L ($rows_l)" [ "$rows_l" -lt "$rows_m" ]
expect_exit "qr: M too tall for --max-rows $((rows_m - 1)), L fits: exits 0" 0 \
	"$DVCDESK" qr --max-cols 80 --max-rows $((rows_m - 1)) "$proc_url"
printf '%s\n' "$OUT" >"$T/lines"
expect_eq "qr: stepped-down code is the L code" "$(cat "$T/lines")" "$(cat "$T/at_l")"
expect_eq "qr: stepped-down code decodes" "$(decode "$T/lines")" "$proc_url"
LANGUAGE=en "$DVCDESK" qr --max-rows $((rows_m - 1)) "$proc_url" 2>"$T/err" >/dev/null
expect_contains "qr: says the error correction was lowered" "$(cat "$T/err")" "lowered from M to L"
LANGUAGE=en "$DVCDESK" qr --max-rows "$rows_m" "$proc_url" 2>"$T/err" >"$T/lines"
expect_eq "qr: M kept when it fits: nothing on stderr" "$(cat "$T/err")" ""
expect_eq "qr: M kept when it fits: the M code" "$(cat "$T/lines")" "$(cat "$T/at_m")"
expect_exit "qr: fits at neither level: exit 65" 65 "$DVCDESK" qr --max-rows $((rows_l - 1)) "$proc_url"
expect_eq "qr: fits at neither level: no code on stdout" "$OUT" ""
expect_contains "qr: fits at neither level: names the size needed" "$ERR" "$cols_l"
expect_contains "qr: fits at neither level: names the rows needed" "$ERR" "$rows_l"

# -- too long for any QR code -------------------------------------------------
long=$(text_of 3000 'x')
expect_exit "qr: a 3000-byte text: exit 65" 65 "$DVCDESK" qr "$long"
expect_eq "qr: a 3000-byte text: no code on stdout" "$OUT" ""
expect_contains "qr: a 3000-byte text: names its size" "$ERR" "3000"
expect_contains "qr: a 3000-byte text: names the limit" "$ERR" "2953"

# -- usage ----------------------------------------------------------------------
expect_exit "qr: no text: usage, exit 64" 64 "$DVCDESK" qr
expect_exit "qr: --wide and --ascii together: exit 64" 64 "$DVCDESK" qr --wide --ascii x
expect_exit "qr: unknown --ecc: exit 64" 64 "$DVCDESK" qr --ecc X x
expect_exit "qr: unknown --target: exit 64" 64 "$DVCDESK" qr --target nowhere
expect_exit "qr: two texts: exit 64" 64 "$DVCDESK" qr a b
expect_exit "qr --help: exit 0" 0 "$DVCDESK" qr --help
expect_contains "qr --help: lists --procedure on stdout" "$OUT" "--procedure CODE"

finish
