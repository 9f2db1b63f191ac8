/* The document form of a report (document.h). */
#include "report/document.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "util/i18n.h"

/* Vietnamese words of two or three syllables that the reports print and
 * that must not be broken at the end of a line.  Lower case, NFC.  The
 * longest match wins and matches never overlap ("tổng số lượt hỗ trợ" is
 * "tổng số" + "lượt hỗ trợ", which may go on two lines: the longest entry
 * from each word on, left to right), so "trung tâm
 * phục vụ" is not needed: "trung tâm" and "phục vụ" each stay whole. */
static const char *const words[] = {
    "thủ tục hành chính",
    "hành chính công",
    "ban chấp hành",
    "cổng dịch vụ công",
    "hội liên hiệp",
    "hành chính",
    "trực tuyến",
    "thủ tục",
    "người dân",
    "tình nguyện",
    "hướng dẫn",
    "trung tâm",
    "phục vụ",
    "báo cáo",
    "tài khoản",
    "hồ sơ",
    "dịch vụ",
    "hỗ trợ",
    "số lượt",
    "tỷ lệ",
    "nội dung",
    "cộng hòa",
    "xã hội",
    "chủ nghĩa",
    "việt nam",
    "độc lập",
    "tự do",
    "hạnh phúc",
    "bí thư",
    "giám đốc",
    "người lập",
    "lập biểu",
    "xác nhận",
    "chỉ tiêu",
    "lũy kế",
    "làm việc",
    "còn lại",
    "kích hoạt",
    "định danh",
    "điện tử",
    "thanh toán",
    "tra cứu",
    "kê khai",
    "bưu chính",
    "người cao tuổi",
    "khuyết tật",
    "dân tộc",
    "thiểu số",
    "kết quả",
    "đăng ký",
    "khai sinh",
    "tiếp nhận",
    "nhân dân",
    "ủy ban",
    "uỷ ban",
    "thành phố",
    "tỉnh đoàn",
    "đoàn xã",
    "ghi rõ",
    "họ tên",
    "đóng dấu",
    "nơi nhận",
    "thời gian",
    "trung bình",
    "đã hủy",
    "đã huỷ",
    "không tính",
    "tổng số",
    "trong đó",
    "tình nguyện viên",
    "ca trực",
    "tổng kết",
    "thứ hai",
    "thứ ba",
    "thứ tư",
    "thứ năm",
    "thứ sáu",
    "thứ bảy",
    "chủ nhật",
    "hội nghị",
    "tuyên truyền",
    "thực hiện",
    "đối tượng",
    "hình thức",
    "chuyển nơi khác",
    "bổ sung",
    "giấy tờ",
    "lượt hỗ trợ",
    "mã đơn vị",
    "đơn vị",
    "cán bộ",
    "phụ trách",
    "6 tháng",
};

/* Lower case of one code point sequence, byte for byte the same length
 * (Vietnamese letters keep their UTF-8 length in either case); a letter
 * whose other case is longer or shorter is left as it is. */
static char *lower_same_length(const char *s)
{
	size_t n = strlen(s);
	char *out = malloc(n + 1);
	if (!out)
		abort();
	size_t i = 0;
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                        (utf8proc_ssize_t)(n - i), &cp);
		if (len <= 0) {
			out[i] = s[i];
			i++;
			continue;
		}
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_tolower(cp), enc);
		if (m == len)
			memcpy(out + i, enc, (size_t)m);
		else
			memcpy(out + i, s + i, (size_t)len);
		i += (size_t)len;
	}
	out[n] = '\0';
	return out;
}

/* A letter or digit starts at s[i] or ends just before it. */
static bool letter_at(const char *s, size_t i)
{
	utf8proc_int32_t cp;
	if (utf8proc_iterate((const utf8proc_uint8_t *)s + i, -1, &cp) <= 0)
		return false;
	utf8proc_category_t c = utf8proc_category(cp);
	return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
	       (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME) ||
	       c == UTF8PROC_CATEGORY_ND;
}

static bool letter_before(const char *s, size_t i)
{
	if (i == 0)
		return false;
	size_t j = i - 1;
	while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80)
		j--;
	return letter_at(s, j);
}

/* The entries by their first byte, longest first: built once. */
static struct {
	bool built;
	unsigned char n[256];
	unsigned char idx[256][ARRAY_LEN(words)];
} buckets;

static int by_length_desc(const void *a, const void *b)
{
	size_t la = strlen(words[*(const unsigned char *)a]),
	       lb = strlen(words[*(const unsigned char *)b]);
	return la < lb ? 1 : la > lb ? -1 : 0;
}

static void build_buckets(void)
{
	_Static_assert(ARRAY_LEN(words) < 256, "word indexes fit a byte");
	for (size_t w = 0; w < ARRAY_LEN(words); w++) {
		unsigned char first = (unsigned char)words[w][0];
		if (strchr(words[w], ' '))
			buckets.idx[first][buckets.n[first]++] = (unsigned char)w;
	}
	for (int c = 0; c < 256; c++)
		qsort(buckets.idx[c], buckets.n[c], 1, by_length_desc);
	buckets.built = true;
}

char *document_keep_words(const char *s)
{
	if (!s)
		return xstrdup("");
	if (!strchr(s, ' '))
		return xstrdup(s);
	if (!buckets.built)
		build_buckets();
	char *low = lower_same_length(s);
	size_t n = strlen(s);
	bool *join = xcalloc(n + 1, sizeof(*join));
	/* left to right, the longest entry that starts at each word */
	for (size_t i = 0; i < n;) {
		if (letter_before(low, i)) {
			i++;
			continue;
		}
		unsigned char first = (unsigned char)low[i];
		size_t matched = 0;
		for (int k = 0; k < buckets.n[first] && !matched; k++) {
			const char *word = words[buckets.idx[first][k]];
			size_t wl = strlen(word);
			if (i + wl <= n && memcmp(low + i, word, wl) == 0 &&
			    !(i + wl < n && letter_at(low, i + wl)))
				matched = wl;
		}
		if (!matched) {
			i++;
			continue;
		}
		for (size_t k = 0; k < matched; k++)
			join[i + k] = low[i + k] == ' ';
		i += matched;
	}
	struct strbuf out;
	sb_init(&out);
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		if (!join[i])
			continue;
		sb_addn(&out, s + run, i - run);
		sb_add(&out, NBSP);
		run = i + 1;
	}
	sb_add(&out, s + run);
	free(join);
	free(low);
	return out.buf ? sb_steal(&out) : xstrdup("");
}

void document_plain_spaces(char *s)
{
	char *w = s;
	for (const char *r = s; *r;) {
		if ((unsigned char)r[0] == 0xC2 && (unsigned char)r[1] == 0xA0) {
			*w++ = ' ';
			r += 2;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

char *document_upper(const char *s)
{
	struct strbuf out;
	sb_init(&out);
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)(s ? s : "");
	while (*p) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = utf8proc_iterate(p, -1, &cp);
		if (len <= 0) {
			sb_addn(&out, (const char *)p, 1);
			p++;
			continue;
		}
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_toupper(cp), enc);
		sb_addn(&out, (const char *)enc, (size_t)m);
		p += len;
	}
	return out.buf ? sb_steal(&out) : xstrdup("");
}

static char *or_default(const char *v, const char *def)
{
	return xstrdup(!str_empty(v) ? v : def);
}

/* "A; B; C" -> the trimmed non-empty items. */
static void split_recipients(struct report_doc *d, const char *list)
{
	if (str_empty(list))
		return;
	const char *p = list;
	while (*p) {
		const char *e = strchr(p, ';');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		while (len > 0 && (p[0] == ' ' || p[0] == '\t')) {
			p++;
			len--;
		}
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len > 0) {
			d->recipients =
			    xrealloc(d->recipients, (size_t)(d->n_recipients + 1) * sizeof(char *));
			d->recipients[d->n_recipients++] = xstrndup(p, len);
		}
		if (!e)
			break;
		p = e + 1;
	}
}

struct report_doc *document_from_config(const struct config *cfg)
{
	struct report_doc *d = xcalloc(1, sizeof(*d));
	const bool state = cfg->report.form == FORM_STATE;
	d->form = cfg->report.form;
	d->governing = document_upper(cfg->report.governing_body ? cfg->report.governing_body : "");
	d->issuing = document_upper(!str_empty(cfg->report.issuing_body) ? cfg->report.issuing_body
	                                                                 : cfg->unit.name);
	/* the number is written by hand in the blank before the code */
	const char *code = !str_empty(cfg->report.number) ? cfg->report.number
	                   : state                        ? "/BC-TTPVHCC"
	                                                  : "-BC/ĐTN";
	/* a blank before a bare code, for the number written by hand */
	char *slot = xasprintf("%s%s", code[0] == '-' || code[0] == '/' ? "        " : "", code);
	d->number = xasprintf(_("No.: %s"), slot);
	free(slot);
	d->right_top = xstrdup(state ? _("SOCIALIST REPUBLIC OF VIETNAM")
	                             : _("HO CHI MINH COMMUNIST YOUTH UNION"));
	d->right_motto = xstrdup(state ? _("Independence - Freedom - Happiness") : "");
	d->place = xstrdup(cfg->unit.place ? cfg->unit.place : "");
	d->signer_left = or_default(cfg->report.signer_left, _("PREPARED BY"));
	d->signer_right =
	    or_default(cfg->report.signer_right,
	               state ? _("DIRECTOR") : _("ON BEHALF OF THE COMMUNE YOUTH UNION COMMITTEE"));
	/* a right title given alone keeps no default above or below it */
	if (!str_empty(cfg->report.signer_right))
		d->signer_right_title =
		    xstrdup(cfg->report.signer_right_title ? cfg->report.signer_right_title : "");
	else
		d->signer_right_title =
		    or_default(cfg->report.signer_right_title, state ? "" : _("SECRETARY"));
	d->signer_right_name =
	    xstrdup(cfg->report.signer_right_name ? cfg->report.signer_right_name : "");
	split_recipients(d, cfg->report.recipients);
	return d;
}

void document_free(struct report_doc *d)
{
	if (!d)
		return;
	free(d->governing);
	free(d->issuing);
	free(d->number);
	free(d->right_top);
	free(d->right_motto);
	free(d->place);
	free(d->signer_left);
	free(d->signer_right);
	free(d->signer_right_title);
	free(d->signer_right_name);
	for (int i = 0; i < d->n_recipients; i++)
		free(d->recipients[i]);
	free(d->recipients);
	free(d);
}

struct report_doc *document_default(void)
{
	struct config cfg;
	config_defaults(&cfg);
	struct report_doc *d = document_from_config(&cfg);
	config_done(&cfg);
	return d;
}
