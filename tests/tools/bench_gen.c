/* bench_gen: the benchmark database (make bench, tests/cli/bench_gen.sh).
 *
 * Makes a dvcdesk database of years of counter work, deterministic from a
 * seed: units with their counters, staff, the seed catalogue plus generated
 * procedures with plausible Vietnamese names (so that search is realistic),
 * shifts, and visits with realistic mixes of procedures, services, groups,
 * channels, outcomes and some voids.
 *
 * The file is created through db_open() (so the settings and migrations are
 * the real ones), staff through staff_add() and procedures through
 * catalog_import() (so their derived columns are the real ones); shifts and
 * visits, the bulk, are inserted with prepared statements in big
 * transactions.  The clock is pinned (util_set_clock) so the rows do not
 * depend on when the generator ran; only PIN hashes (random salts) do.
 *
 * Usage: bench_gen --db FILE [--visits N] [--years N] [--end YYYY-MM-DD]
 *                  [--units N] [--counters N] [--staff N] [--procedures N]
 *                  [--seed N] [--void-permille N]
 * The file must not exist.  Prints one summary line. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "store/catalog.h"
#include "store/db.h"
#include "store/staff.h"
#include "util/status.h"
#include "util/text.h"
#include "util/util.h"

/* ---- deterministic randomness: splitmix64 seeding xoshiro256** ---- */

static uint64_t rs[4];

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void rnd_seed(uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		rs[i] = splitmix(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rnd(void)
{
	uint64_t r = rotl(rs[1] * 5, 7) * 9, t = rs[1] << 17;
	rs[2] ^= rs[0];
	rs[3] ^= rs[1];
	rs[1] ^= rs[2];
	rs[0] ^= rs[3];
	rs[2] ^= t;
	rs[3] = rotl(rs[3], 45);
	return r;
}

static double rnd_unit(void) /* [0, 1) */
{
	return (double)(rnd() >> 11) * 0x1.0p-53;
}

static long rnd_below(long n)
{
	return n <= 1 ? 0 : (long)(rnd() % (uint64_t)n);
}

static int chance(double p)
{
	return rnd_unit() < p;
}

/* ---- names ---- */

static const char *const family[] = {
	"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
	"Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Lò", "Hà", "Sùng"};
static const char *const middle[] = {"Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh",
				     "Quang", "Thu", "Hoàng", "Gia", "Bảo"};
static const char *const given[] = {
	"An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng",
	"Huyền", "Khánh", "Lan", "Linh", "Long", "Mai", "Minh", "My", "Nam", "Nga", "Ngân",
	"Nhung", "Phong", "Phúc", "Phương", "Quân", "Quỳnh", "Sơn", "Tâm", "Thảo", "Thắng",
	"Trang", "Trung", "Tuấn", "Tú", "Uyên", "Vân", "Việt", "Yến"};
static const char *const commune[] = {
	"Tân Lập", "Hòa Bình", "Phú Mỹ", "An Khánh", "Đông Hưng", "Xuân Lộc", "Vĩnh Phúc",
	"Thạch Bàn", "Quảng Điền", "Long Hựu", "Bình Minh", "Nghĩa Đô"};

/* Procedure names: action + object (+ qualifier).  Each object carries its
 * field (lĩnh vực). */
static const char *const actions[] = {
	"Đăng ký", "Đăng ký lại", "Đăng ký thay đổi", "Cấp", "Cấp lại", "Cấp đổi",
	"Cấp bản sao", "Gia hạn", "Điều chỉnh", "Thu hồi", "Xác nhận", "Chứng thực",
	"Thẩm định", "Phê duyệt", "Công nhận", "Giải quyết", "Hỗ trợ", "Chuyển đổi",
	"Đính chính", "Hủy bỏ", "Trích lục", "Tiếp nhận", "Thông báo", "Miễn, giảm",
	"Xóa đăng ký"};
static const struct {
	const char *name, *field;
} objects[] = {
	{"khai sinh", "Hộ tịch"},
	{"kết hôn", "Hộ tịch"},
	{"khai tử", "Hộ tịch"},
	{"nhận cha, mẹ, con", "Hộ tịch"},
	{"giám hộ", "Hộ tịch"},
	{"thay đổi, cải chính hộ tịch", "Hộ tịch"},
	{"giấy xác nhận tình trạng hôn nhân", "Hộ tịch"},
	{"thường trú", "Cư trú"},
	{"tạm trú", "Cư trú"},
	{"lưu trú", "Cư trú"},
	{"căn cước", "Căn cước"},
	{"tài khoản định danh điện tử", "Căn cước"},
	{"giấy phép xây dựng nhà ở riêng lẻ", "Xây dựng"},
	{"giấy phép sửa chữa, cải tạo công trình", "Xây dựng"},
	{"giấy chứng nhận quyền sử dụng đất", "Đất đai"},
	{"quyền sở hữu nhà ở và tài sản gắn liền với đất", "Đất đai"},
	{"chuyển mục đích sử dụng đất", "Đất đai"},
	{"hợp đồng chuyển nhượng quyền sử dụng đất", "Chứng thực"},
	{"di chúc", "Chứng thực"},
	{"văn bản thỏa thuận phân chia di sản", "Chứng thực"},
	{"chữ ký người dịch", "Chứng thực"},
	{"bản sao từ bản chính", "Chứng thực"},
	{"hộ kinh doanh", "Hộ kinh doanh"},
	{"hợp tác xã", "Kinh tế tập thể"},
	{"tổ hợp tác", "Kinh tế tập thể"},
	{"trang trại", "Nông nghiệp"},
	{"giấy phép khai thác thủy sản", "Thủy sản"},
	{"tàu cá", "Thủy sản"},
	{"hỗ trợ thiệt hại do thiên tai", "Nông nghiệp"},
	{"cây trồng chính", "Trồng trọt"},
	{"cơ sở chăn nuôi", "Chăn nuôi"},
	{"tiêm phòng gia súc", "Thú y"},
	{"trợ cấp xã hội hằng tháng", "Bảo trợ xã hội"},
	{"hỗ trợ chi phí mai táng", "Bảo trợ xã hội"},
	{"người khuyết tật", "Bảo trợ xã hội"},
	{"hộ nghèo, hộ cận nghèo", "Bảo trợ xã hội"},
	{"trẻ em có hoàn cảnh đặc biệt", "Trẻ em"},
	{"chế độ người có công với cách mạng", "Người có công"},
	{"trợ cấp thờ cúng liệt sĩ", "Người có công"},
	{"thẻ bảo hiểm y tế", "Bảo hiểm"},
	{"sổ bảo hiểm xã hội", "Bảo hiểm"},
	{"bảo hiểm xã hội tự nguyện", "Bảo hiểm"},
	{"nhóm trẻ độc lập", "Giáo dục"},
	{"cơ sở giáo dục mầm non", "Giáo dục"},
	{"hỗ trợ học tập", "Giáo dục"},
	{"lễ hội truyền thống", "Văn hóa"},
	{"gia đình văn hóa", "Văn hóa"},
	{"hương ước, quy ước", "Văn hóa"},
	{"điểm kinh doanh dịch vụ internet", "Thông tin"},
	{"đủ điều kiện an toàn thực phẩm", "Y tế"},
	{"sản xuất rượu thủ công", "Công thương"},
	{"bán lẻ sản phẩm thuốc lá", "Công thương"},
	{"nghĩa vụ quân sự", "Quốc phòng"},
	{"dân quân tự vệ", "Quốc phòng"},
	{"hoạt động tín ngưỡng", "Tôn giáo"},
	{"sinh hoạt tôn giáo tập trung", "Tôn giáo"},
	{"quỹ xã hội, quỹ từ thiện", "Tổ chức"},
	{"khiếu nại lần đầu", "Khiếu nại"},
	{"hòa giải ở cơ sở", "Tư pháp"},
	{"biển số xe", "Giao thông"},
	{"giấy phép lái xe", "Giao thông"},
	{"nuôi con nuôi", "Nuôi con nuôi"},
	{"phí, lệ phí", "Tài chính"},
	{"thuế sử dụng đất phi nông nghiệp", "Thuế"},
};
static const char *const qualifiers[] = {
	"",
	"có yếu tố nước ngoài",
	"cho người Việt Nam định cư ở nước ngoài",
	"trong trường hợp bị mất",
	"trong trường hợp bị hư hỏng",
	"tại Ủy ban nhân dân cấp xã",
	"đối với hộ gia đình, cá nhân",
	"đối với tổ chức",
	"lần đầu",
	"lưu động",
	"theo thủ tục liên thông",
	"trực tuyến toàn trình",
	"cho trẻ em dưới 6 tuổi",
	"kết hợp nhận cha, mẹ, con",
	"theo yêu cầu",
	"ở khu vực biên giới",
	"cho người khuyết tật",
	"đã có hồ sơ, giấy tờ cá nhân",
	"do thay đổi địa giới hành chính",
	"cho người đang chấp hành án",
	"ngoài giờ hành chính",
	"cho người cao tuổi",
	"đối với đồng bào dân tộc thiểu số",
	"trên Cổng dịch vụ công quốc gia",
	"qua dịch vụ bưu chính công ích",
	"khi có thay đổi thông tin",
	"hết thời hạn sử dụng",
	"có giá trị dưới 50 triệu đồng",
	"thuộc thẩm quyền cấp xã",
	"trong thời hạn 60 ngày",
	"có nhu cầu",
	"đã đăng ký trước ngày 01/01/2016",
};

static const char *const void_reasons[] = {"undo", "nhập nhầm thủ tục", "trùng lượt",
					   "ghi nhầm quầy"};
static const char *const notes[] = {"hẹn quay lại bổ sung giấy tờ", "hướng dẫn qua Zalo",
				    "người dân tự nộp lần sau", "đã gọi điện nhắc"};
static const char *const channels[] = {"walk_in", "phone", "online", "outreach"};
static const char *const outcomes[] = {"done", "more_papers", "referred"};

/* ---- options ---- */

static struct {
	const char *db;
	long visits, years, units, counters, staff, procedures, void_permille;
	uint64_t seed;
	int end_day;
} opt = {NULL, 1000000, 5, 10, 3, 300, 10000, 10, 1, 0};

static time_t pinned_clock;
static time_t fixed_clock(void)
{
	return pinned_clock;
}

static void die(const char *what, enum status st)
{
	fprintf(stderr, "bench_gen: %s: %s\n", what, status_detail(st));
	exit(1);
}

static void die_sql(sqlite3 *h, const char *what)
{
	fprintf(stderr, "bench_gen: %s: %s\n", what, sqlite3_errmsg(h));
	exit(1);
}

static void exec_sql(sqlite3 *h, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(h, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "bench_gen: %s: %s\n", sql, err ? err : "?");
		exit(1);
	}
}

static sqlite3_stmt *prep(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v3(h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK)
		die_sql(h, sql);
	return s;
}

static void step_done(sqlite3 *h, sqlite3_stmt *s, const char *what)
{
	if (sqlite3_step(s) != SQLITE_DONE)
		die_sql(h, what);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
}

/* A UUIDv7 for a given instant, its random part from the seeded generator,
 * so the same seed gives the same uids. */
static void uuid_at(char out[37], int64_t ms)
{
	uint8_t b[16];
	uint64_t r1 = rnd(), r2 = rnd();
	for (int i = 0; i < 6; i++)
		b[i] = (uint8_t)((uint64_t)ms >> (40 - 8 * i));
	for (int i = 6; i < 16; i++)
		b[i] = (uint8_t)((i < 11 ? r1 : r2) >> (8 * (i % 8)));
	b[6] = (uint8_t)(0x70 | (b[6] & 0x0f));
	b[8] = (uint8_t)(0x80 | (b[8] & 0x3f));
	snprintf(out, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
		 b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
		 b[14], b[15]);
}

/* ---- the catalogue ---- */

struct proc {
	char *code;
	long uses;
};
static struct proc *procs; /* by popularity rank: the seed list first */
static long n_procs;
static double *proc_cdf;

static void csv_field(struct strbuf *sb, const char *s)
{
	sb_addc(sb, '"');
	for (; *s; s++) {
		if (*s == '"')
			sb_addc(sb, '"');
		sb_addc(sb, *s);
	}
	sb_addc(sb, '"');
}

/* The codes of the compiled-in seed list, in its order (most common
 * procedures first, as the file is written). */
static void seed_codes(sqlite3 *h)
{
	sqlite3_stmt *s = prep(h, "SELECT code FROM procedure ORDER BY rowid");
	while (sqlite3_step(s) == SQLITE_ROW) {
		procs = xrealloc(procs, sizeof *procs * (size_t)(n_procs + 1));
		procs[n_procs].code = xstrdup((const char *)sqlite3_column_text(s, 0));
		procs[n_procs++].uses = 0;
	}
	sqlite3_finalize(s);
}

static void make_catalog(struct db *db)
{
	enum status st = catalog_ensure_seed(db);
	if (st != ST_OK)
		die("seed catalogue", st);
	seed_codes(db->h);

	long n_act = (long)ARRAY_LEN(actions), n_obj = (long)ARRAY_LEN(objects),
	     n_qual = (long)ARRAY_LEN(qualifiers), space = n_act * n_obj * n_qual;
	if (opt.procedures > space) {
		fprintf(stderr, "bench_gen: at most %ld generated procedures\n", space);
		exit(64);
	}
	unsigned char *used = xcalloc((size_t)space, 1);
	struct strbuf csv;
	sb_init(&csv);
	sb_add(&csv, "code,name,field\r\n");
	long first = n_procs;
	procs = xrealloc(procs, sizeof *procs * (size_t)(n_procs + opt.procedures));
	for (long i = 0; i < opt.procedures; i++) {
		long k;
		do
			k = rnd_below(space);
		while (used[k]);
		used[k] = 1;
		long a = k / (n_obj * n_qual), o = (k / n_qual) % n_obj, q = k % n_qual;
		char name[256], code[48];
		snprintf(name, sizeof name, "%s %s%s%s", actions[a], objects[o].name,
			 qualifiers[q][0] ? " " : "", qualifiers[q]);
		/* The three code shapes of docs/domain.md, mostly the plain one. */
		long r = rnd_below(20);
		if (r == 0)
			snprintf(code, sizeof code, "1.9%05ldA", i);
		else if (r == 1)
			snprintf(code, sizeof code, "1.9%05ld.000.00.00.H08", i);
		else
			snprintf(code, sizeof code, "%ld.9%05ld", 1 + rnd_below(3), i);
		csv_field(&csv, code);
		sb_addc(&csv, ',');
		csv_field(&csv, name);
		sb_addc(&csv, ',');
		csv_field(&csv, objects[o].field);
		sb_add(&csv, "\r\n");
		procs[n_procs].code = xstrdup(code);
		procs[n_procs++].uses = 0;
	}
	free(used);
	/* Shuffle the generated ones so popularity does not follow the code. */
	for (long i = n_procs - 1; i > first; i--) {
		long j = first + rnd_below(i - first + 1);
		struct proc t = procs[i];
		procs[i] = procs[j];
		procs[j] = t;
	}
	int added = 0, updated = 0;
	struct strbuf rejects;
	sb_init(&rejects);
	st = catalog_import(db, csv.buf, csv.len, "bench_gen", &added, &updated, &rejects);
	if (st != ST_OK)
		die("catalog import", st);
	if (rejects.len) {
		fprintf(stderr, "bench_gen: catalog import rejected rows:\n%s", rejects.buf);
		exit(1);
	}
	if (added != opt.procedures) {
		fprintf(stderr, "bench_gen: catalog import added %d of %ld\n", added,
			opt.procedures);
		exit(1);
	}
	sb_done(&rejects);
	sb_done(&csv);

	/* Popularity: Zipf (s = 1.1) over the rank, so the seed list's first
	 * procedures are the everyday ones and the generated tail is rare. */
	proc_cdf = xmalloc(sizeof *proc_cdf * (size_t)n_procs);
	double sum = 0;
	for (long i = 0; i < n_procs; i++) {
		sum += 1.0 / pow((double)(i + 1), 1.1);
		proc_cdf[i] = sum;
	}
	for (long i = 0; i < n_procs; i++)
		proc_cdf[i] /= sum;
}

static long pick_proc(void)
{
	double u = rnd_unit();
	long lo = 0, hi = n_procs - 1;
	while (lo < hi) {
		long mid = (lo + hi) / 2;
		if (proc_cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* ---- units and staff ---- */

struct unit {
	char code[32], dossier_prefix[32];
	int64_t supervisor;
	int seq; /* the day's dossier sequence */
};
static struct unit *units;
static int64_t *staff_ids; /* by counter: counters*per_counter entries */
static long per_counter;

static void make_units_and_staff(struct db *db)
{
	sqlite3 *h = db->h;
	sqlite3_stmt *ins =
		prep(h, "INSERT OR IGNORE INTO unit(code, name, province) VALUES (?, ?, ?)");
	units = xcalloc((size_t)opt.units, sizeof *units);
	for (long u = 0; u < opt.units; u++) {
		snprintf(units[u].code, sizeof units[u].code, "000.00.%02ld.H08", 20 + u);
		snprintf(units[u].dossier_prefix, sizeof units[u].dossier_prefix, "%s",
			 units[u].code);
		char name[160];
		snprintf(name, sizeof name, "Trung tâm Phục vụ hành chính công xã %s %ld",
			 commune[u % (long)ARRAY_LEN(commune)], u / (long)ARRAY_LEN(commune) + 1);
		sqlite3_bind_text(ins, 1, units[u].code, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 3, "Hà Nội", -1, SQLITE_STATIC);
		step_done(h, ins, "insert unit");
	}
	sqlite3_finalize(ins);

	long n_counters = opt.units * opt.counters;
	per_counter = opt.staff / n_counters;
	if (per_counter < 1) {
		fprintf(stderr, "bench_gen: need at least one staff member per counter\n");
		exit(64);
	}
	long space = (long)(ARRAY_LEN(family) * ARRAY_LEN(middle) * ARRAY_LEN(given));
	unsigned char *used = xcalloc((size_t)space, 1);
	staff_ids = xcalloc((size_t)opt.staff, sizeof *staff_ids);
	for (long i = 0; i < opt.staff; i++) {
		long k;
		char name[128];
		if (i < space) {
			do
				k = rnd_below(space);
			while (used[k]);
			used[k] = 1;
		} else {
			k = rnd_below(space);
		}
		long f = k / (long)(ARRAY_LEN(middle) * ARRAY_LEN(given)),
		     m = (k / (long)ARRAY_LEN(given)) % (long)ARRAY_LEN(middle),
		     g = k % (long)ARRAY_LEN(given);
		if (i < space)
			snprintf(name, sizeof name, "%s %s %s", family[f], middle[m], given[g]);
		else
			snprintf(name, sizeof name, "%s %s %s %ld", family[f], middle[m], given[g],
				 i);
		/* The first member of each unit's roster is its supervisor (with a
		 * PIN, as staff.h requires); the volunteers have none, so the
		 * counter can be opened without one. */
		bool sup = i < n_counters * per_counter && (i % (opt.counters * per_counter)) == 0;
		enum status st =
			staff_add(db, name, sup ? ROLE_SUPERVISOR : ROLE_VOLUNTEER, sup ? "246810" : NULL,
				  &staff_ids[i]);
		if (st != ST_OK)
			die(name, st);
		if (sup)
			units[i / (opt.counters * per_counter)].supervisor = staff_ids[i];
	}
	free(used);
}

/* ---- shifts and visits ---- */

struct slot {
	int day;
	short unit, counter, session;
	float weight;
};

static int is_holiday(int day)
{
	int md = day % 10000;
	return md == 101 || md == 430 || md == 501 || md == 902;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {{"db", required_argument, NULL, 'd'},
					   {"visits", required_argument, NULL, 'v'},
					   {"years", required_argument, NULL, 'y'},
					   {"end", required_argument, NULL, 'e'},
					   {"units", required_argument, NULL, 'u'},
					   {"counters", required_argument, NULL, 'c'},
					   {"staff", required_argument, NULL, 's'},
					   {"procedures", required_argument, NULL, 'p'},
					   {"seed", required_argument, NULL, 'S'},
					   {"void-permille", required_argument, NULL, 'V'},
					   {NULL, 0, NULL, 0}};
	int c;
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'd': opt.db = optarg; break;
		case 'v': opt.visits = atol(optarg); break;
		case 'y': opt.years = atol(optarg); break;
		case 'e':
			if (!time_parse_day(optarg, &opt.end_day)) {
				fprintf(stderr, "bench_gen: --end wants YYYY-MM-DD\n");
				return 64;
			}
			break;
		case 'u': opt.units = atol(optarg); break;
		case 'c': opt.counters = atol(optarg); break;
		case 's': opt.staff = atol(optarg); break;
		case 'p': opt.procedures = atol(optarg); break;
		case 'S': opt.seed = strtoull(optarg, NULL, 10); break;
		case 'V': opt.void_permille = atol(optarg); break;
		default: return 64;
		}
	}
	if (!opt.db || opt.visits < 0 || opt.years < 1 || opt.units < 1 || opt.counters < 1 ||
	    opt.procedures < 0 || optind != argc) {
		fprintf(stderr, "usage: bench_gen --db FILE [--visits N] [--years N] [--end "
				"YYYY-MM-DD] [--units N] [--counters N] [--staff N] [--procedures N] "
				"[--seed N] [--void-permille N]\n");
		return 64;
	}
	struct stat sst;
	if (lstat(opt.db, &sst) == 0) {
		fprintf(stderr, "bench_gen: %s exists; give a new file\n", opt.db);
		return 73;
	}
	if (!opt.end_day)
		opt.end_day = time_local_day(time(NULL));
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rnd_seed(opt.seed);

	int start_day = time_day_add(opt.end_day, -(int)(opt.years * 365 + opt.years / 4) + 1);
	/* Opened on the real clock, so db_open() records today's integrity
	 * check as a counter's first open of the day would; the rows that
	 * follow get the pinned clock. */
	struct db *db = NULL;
	enum status st = db_open(&db, opt.db, 0);
	if (st != ST_OK)
		die(opt.db, st);
	sqlite3 *h = db->h;
	pinned_clock = time_day_start(start_day) + 7 * 3600;
	util_set_clock(fixed_clock);

	make_units_and_staff(db);
	make_catalog(db);

	/* Bulk load: this connection only, durability off while loading (a
	 * crash leaves a file the cache will not use: run.sh renames it into
	 * place only after we exit 0).  The file keeps WAL mode. */
	exec_sql(h, "PRAGMA synchronous=OFF");
	exec_sql(h, "PRAGMA cache_size=-262144");

	/* The slots: every working day, every counter, both sessions. */
	long n_days = 0;
	for (int d = start_day; d <= opt.end_day; d = time_day_add(d, 1))
		n_days++;
	size_t cap = (size_t)n_days * (size_t)(opt.units * opt.counters) * 2;
	struct slot *slots = xmalloc(sizeof *slots * cap);
	size_t n_slots = 0;
	double total_w = 0;
	long di = 0;
	for (int d = start_day; d <= opt.end_day; d = time_day_add(d, 1), di++) {
		/* The last day is always a working day (with both sessions), so
		 * that "today" on the counter has totals to show. */
		int wd = time_weekday(d), last = d == opt.end_day;
		if (last && (wd == 0 || wd == 6))
			wd = 5;
		if (!last && (wd == 0 || is_holiday(d)))
			continue;
		/* Use grows over the years as online services spread; Mondays
		 * are busy, Saturday has a morning only; before Tết (January)
		 * and at the school year's start (August) papers pile up. */
		double trend = 0.6 + 0.8 * (double)di / (double)n_days;
		static const double wdf[7] = {0, 1.25, 1.0, 1.0, 1.0, 0.9, 0.45};
		int month = (d / 100) % 100;
		double mf = month == 1 ? 1.3 : month == 8 ? 1.2 : month == 2 ? 0.7 : 1.0;
		for (short u = 0; u < opt.units; u++)
			for (short k = 0; k < opt.counters; k++)
				for (short s = 0; s < 2; s++) {
					if (wd == 6 && s == 1)
						continue;
					double w = trend * wdf[wd] * mf * (s == 0 ? 1.15 : 0.85) *
						   (1.3 - 0.3 * k) * (0.6 + 0.8 * (double)u / (double)opt.units) *
						   (0.5 + rnd_unit());
					slots[n_slots++] = (struct slot){d, u, k, s, (float)w};
					total_w += w;
				}
	}

	sqlite3_stmt *ins_shift =
		prep(h, "INSERT INTO shift(id, staff_id, unit_code, counter, session, opened_at, "
			"closed_at, local_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	sqlite3_stmt *ins_visit = prep(
		h, "INSERT INTO visit(uid, at_utc, local_day, local_hour, entered_at, staff_id, "
		   "shift_id, unit_code, counter, procedure_code, vneid, account, "
		   "online_submission, payment, lookup, form_filling, postal, dossier_code, "
		   "elderly, disabled, ethnic_minority, channel, outcome, duration_s, note, "
		   "voided_at, voided_by, void_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
		   "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");

	exec_sql(h, "BEGIN");
	double cum = 0;
	long long placed = 0, n_visits = 0, n_voided = 0, n_shifts = 0, in_txn = 0;
	int cur_day = 0;
	time_t day0 = 0;
	int minutes[2][2] = {{7 * 60 + 30, 11 * 60 + 30}, {13 * 60 + 30, 17 * 60}};
	int *offs = NULL;
	size_t offs_cap = 0;
	for (size_t i = 0; i < n_slots; i++) {
		cum += (double)slots[i].weight;
		long long want = i + 1 == n_slots ? opt.visits : llround((double)opt.visits * cum / total_w);
		long long k = want - placed;
		placed = want;
		if (k <= 0)
			continue;
		struct slot *sl = &slots[i];
		if (sl->day != cur_day) {
			cur_day = sl->day;
			day0 = time_day_start(cur_day);
			for (long u = 0; u < opt.units; u++)
				units[u].seq = 0;
		}
		struct unit *un = &units[sl->unit];
		char counter[32];
		snprintf(counter, sizeof counter, "Quầy %d", sl->counter + 1);
		long roster = ((long)sl->unit * opt.counters + sl->counter) * per_counter;
		/* The volunteers take turns; a unit's supervisor (the first
		 * counter's first member) only when that roster has nobody else. */
		long turn = (long)(cur_day + sl->session);
		long pick = sl->counter == 0 && per_counter > 1 ? 1 + turn % (per_counter - 1)
							       : turn % per_counter;
		int64_t staff_id = staff_ids[roster + pick];
		int s0 = minutes[sl->session][0], s1 = minutes[sl->session][1];
		int64_t shift_id = ++n_shifts;
		sqlite3_bind_int64(ins_shift, 1, shift_id);
		sqlite3_bind_int64(ins_shift, 2, staff_id);
		sqlite3_bind_text(ins_shift, 3, un->code, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins_shift, 4, counter, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins_shift, 5, sl->session ? "afternoon" : "morning", -1,
				  SQLITE_STATIC);
		sqlite3_bind_int64(ins_shift, 6, (int64_t)day0 + s0 * 60 - 300);
		sqlite3_bind_int64(ins_shift, 7, (int64_t)day0 + s1 * 60 + 300);
		sqlite3_bind_int(ins_shift, 8, cur_day);
		step_done(h, ins_shift, "insert shift");

		/* Arrival times spread over the session, in order. */
		if ((size_t)k > offs_cap) {
			offs_cap = (size_t)k * 2;
			offs = xrealloc(offs, sizeof *offs * offs_cap);
		}
		for (long long j = 0; j < k; j++)
			offs[j] = (int)rnd_below((long)(s1 - s0) * 60);
		for (long long a = 1; a < k; a++) /* insertion sort: k is small */
			for (long long b = a; b > 0 && offs[b - 1] > offs[b]; b--) {
				int t = offs[b];
				offs[b] = offs[b - 1];
				offs[b - 1] = t;
			}
		for (long long j = 0; j < k; j++) {
			int64_t at = (int64_t)day0 + s0 * 60 + offs[j];
			int local_minute = s0 + offs[j] / 60;
			int dur = chance(0.7) ? 60 + (int)(rnd_unit() * rnd_unit() * 1500) : 0;
			char uid[37];
			uuid_at(uid, at * 1000 + rnd_below(1000));
			long p = chance(0.15) ? -1 : pick_proc();
			int online = p >= 0 && chance(0.3);
			int vneid = chance(p < 0 ? 0.45 : 0.12);
			int account = chance(vneid ? 0.5 : 0.08);
			int payment = online && chance(0.5);
			int lookup = chance(0.15);
			int form = p >= 0 && chance(0.3);
			int postal = online && chance(0.1);
			char dossier[64] = "";
			if (online || (p >= 0 && chance(0.05)))
				snprintf(dossier, sizeof dossier, "%s-%02d%04d-%04d", un->dossier_prefix,
					 (cur_day / 10000) % 100, cur_day % 10000, ++un->seq);
			double ch = rnd_unit(), oc = rnd_unit();
			int channel = ch < 0.86 ? 0 : ch < 0.93 ? 1 : ch < 0.97 ? 2 : 3;
			int outcome = oc < 0.84 ? 0 : oc < 0.95 ? 1 : 2;
			int voided = rnd_below(1000) < opt.void_permille;

			sqlite3_stmt *v = ins_visit;
			sqlite3_bind_text(v, 1, uid, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(v, 2, at);
			sqlite3_bind_int(v, 3, cur_day);
			sqlite3_bind_int(v, 4, local_minute / 60);
			sqlite3_bind_int64(v, 5, at + (dur ? dur : 120));
			sqlite3_bind_int64(v, 6, staff_id);
			sqlite3_bind_int64(v, 7, shift_id);
			sqlite3_bind_text(v, 8, un->code, -1, SQLITE_STATIC);
			sqlite3_bind_text(v, 9, counter, -1, SQLITE_TRANSIENT);
			if (p >= 0) {
				sqlite3_bind_text(v, 10, procs[p].code, -1, SQLITE_STATIC);
				procs[p].uses++;
			} else {
				sqlite3_bind_null(v, 10);
			}
			sqlite3_bind_int(v, 11, vneid);
			sqlite3_bind_int(v, 12, account);
			sqlite3_bind_int(v, 13, online);
			sqlite3_bind_int(v, 14, payment);
			sqlite3_bind_int(v, 15, lookup);
			sqlite3_bind_int(v, 16, form);
			sqlite3_bind_int(v, 17, postal);
			if (dossier[0])
				sqlite3_bind_text(v, 18, dossier, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int(v, 19, chance(0.12));
			sqlite3_bind_int(v, 20, chance(0.02));
			sqlite3_bind_int(v, 21, chance(0.05));
			sqlite3_bind_text(v, 22, channels[channel], -1, SQLITE_STATIC);
			sqlite3_bind_text(v, 23, outcomes[outcome], -1, SQLITE_STATIC);
			sqlite3_bind_int(v, 24, dur);
			if (outcome == 1 && chance(0.3))
				sqlite3_bind_text(v, 25, notes[rnd_below((long)ARRAY_LEN(notes))], -1,
						  SQLITE_STATIC);
			if (voided) {
				sqlite3_bind_int64(v, 26, at + (dur ? dur : 120) + 30 + rnd_below(600));
				sqlite3_bind_int64(v, 27, un->supervisor ? un->supervisor : staff_id);
				sqlite3_bind_text(v, 28, void_reasons[rnd_below((long)ARRAY_LEN(void_reasons))],
						  -1, SQLITE_STATIC);
				n_voided++;
			}
			step_done(h, v, "insert visit");
			n_visits++;
			if (++in_txn >= 100000) {
				exec_sql(h, "COMMIT");
				exec_sql(h, "BEGIN");
				in_txn = 0;
			}
		}
	}
	free(offs);
	free(slots);

	/* What visit_save() keeps up to date: the procedures' use counts. */
	sqlite3_stmt *upd = prep(h, "UPDATE procedure SET use_count = ? WHERE code = ?");
	for (long i = 0; i < n_procs; i++) {
		if (!procs[i].uses)
			continue;
		sqlite3_bind_int64(upd, 1, procs[i].uses);
		sqlite3_bind_text(upd, 2, procs[i].code, -1, SQLITE_STATIC);
		step_done(h, upd, "update use count");
	}
	sqlite3_finalize(upd);
	exec_sql(h, "COMMIT");
	sqlite3_finalize(ins_shift);
	sqlite3_finalize(ins_visit);
	exec_sql(h, "PRAGMA wal_checkpoint(TRUNCATE)");
	db_close(db);

	for (long i = 0; i < n_procs; i++)
		free(procs[i].code);
	free(procs);
	free(proc_cdf);
	free(units);
	free(staff_ids);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	char from[11], to[11];
	printf("bench_gen: %lld visits (%lld voided) in %lld shifts, %ld staff, %ld procedures, "
	       "%s..%s, seed %llu, %.1f s\n",
	       n_visits, n_voided, n_shifts, opt.staff, n_procs, time_format_day(start_day, from, sizeof from),
	       time_format_day(opt.end_day, to, sizeof to), (unsigned long long)opt.seed,
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
}
