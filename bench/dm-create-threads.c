/* dm-create-threads: does creating dm devices from several threads help?
 * Creates N devices with raw ioctls (DM_DEV_CREATE with uuid, DM_TABLE_LOAD
 * of one target, DM_DEV_SUSPEND = resume), from T threads (argv[1], default
 * 1), and prints the wall time, the process's user/sys CPU time and the
 * summed per-ioctl wall times. No /dev/mapper nodes are made; remove the
 * devices afterwards (dmsetup remove_all). Not built by make:
 *
 *   cc -O2 -pthread -o /tmp/dmct bench/dm-create-threads.c
 *   # in the VM, after an lvm2 vgchange -ay / -an of the bench VG, from
 *   # "name uuid start len type params" lines (one target per device):
 *   dmsetup info -c --noheadings -o name,uuid --separator ' ' >uuids
 *   dmsetup table >tables
 *   awk 'NR == FNR {u[$1] = $2; next} {n = $1; sub(/:$/, "", n); t = $0;
 *        sub(/^[^ ]* /, "", t); print n, u[n], t}' uuids tables >spec
 *   /tmp/dmct 8 <spec
 *
 * Used to decide against parallel activation (bench/README.md): under TCG
 * with 1 vCPU, wall time ~ CPU time for 1 and 8 threads alike. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/dm-ioctl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
struct dev { char name[128], uuid[129], type[16], params[256]; unsigned long long start, len; };
static struct dev d[4096]; static unsigned n, next; static int fd;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static double ph[3]; /* summed wall per phase */
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }
static void hdr(struct dm_ioctl *io, size_t sz, const char *name) {
	memset(io, 0, sz); io->version[0] = 4; io->data_size = sz; io->data_start = sizeof(*io);
	snprintf(io->name, sizeof(io->name), "%s", name);
}
static int one(struct dev *v) {
	union { struct dm_ioctl io; char b[16384]; } u;
	double t0 = now(), t1, t2, t3;
	hdr(&u.io, sizeof(u), v->name); snprintf(u.io.uuid, sizeof(u.io.uuid), "%s", v->uuid);
	if (ioctl(fd, DM_DEV_CREATE, &u.io)) return -errno;
	t1 = now();
	hdr(&u.io, sizeof(u), v->name);
	struct dm_target_spec *sp = (void *)(u.b + sizeof(struct dm_ioctl));
	sp->sector_start = v->start; sp->length = v->len; snprintf(sp->target_type, sizeof(sp->target_type), "%s", v->type);
	char *p = (char *)(sp + 1); strcpy(p, v->params);
	size_t l = sizeof(*sp) + strlen(v->params) + 1; l = (l + 7) & ~7UL; sp->next = l;
	u.io.target_count = 1;
	if (ioctl(fd, DM_TABLE_LOAD, &u.io)) return -errno;
	t2 = now();
	hdr(&u.io, sizeof(u), v->name);
	if (ioctl(fd, DM_DEV_SUSPEND, &u.io)) return -errno;
	t3 = now();
	pthread_mutex_lock(&mu); ph[0] += t1 - t0; ph[1] += t2 - t1; ph[2] += t3 - t2; pthread_mutex_unlock(&mu);
	return 0;
}
static void *w(void *a) { (void)a; for (;;) { pthread_mutex_lock(&mu); unsigned i = next++; pthread_mutex_unlock(&mu); if (i >= n) return 0; int r = one(&d[i]); if (r) { fprintf(stderr, "%s: %s\n", d[i].name, strerror(-r)); exit(1); } } }
int main(int argc, char **argv) {
	int T = argc > 1 ? atoi(argv[1]) : 1;
	char line[1024];
	while (n < sizeof(d) / sizeof(d[0]) && fgets(line, sizeof line, stdin)) { struct dev *v = &d[n]; int off = 0;
		if (sscanf(line, "%127s %128s %llu %llu %15s %n", v->name, v->uuid, &v->start, &v->len, v->type, &off) < 5) continue;
		snprintf(v->params, sizeof v->params, "%s", line + off); v->params[strcspn(v->params, "\n")] = 0; n++; }
	if ((fd = open("/dev/mapper/control", O_RDWR)) < 0) { perror("/dev/mapper/control"); return 1; }
	if (T < 1 || T > 64) T = T < 1 ? 1 : 64;
	struct rusage r0, r1; getrusage(RUSAGE_SELF, &r0); double t0 = now();
	pthread_t th[64]; if (T <= 1) w(0); else { for (int i = 0; i < T; i++) pthread_create(&th[i], 0, w, 0); for (int i = 0; i < T; i++) pthread_join(th[i], 0); }
	double t1 = now(); getrusage(RUSAGE_SELF, &r1);
	double u = (r1.ru_utime.tv_sec - r0.ru_utime.tv_sec) + (r1.ru_utime.tv_usec - r0.ru_utime.tv_usec) / 1e6;
	double s = (r1.ru_stime.tv_sec - r0.ru_stime.tv_sec) + (r1.ru_stime.tv_usec - r0.ru_stime.tv_usec) / 1e6;
	printf("threads=%d n=%u wall=%.0f ms cpu user=%.0f sys=%.0f ms; summed per-ioctl wall: create %.0f load %.0f resume %.0f ms\n", T, n, (t1 - t0) * 1e3, u * 1e3, s * 1e3, ph[0] * 1e3, ph[1] * 1e3, ph[2] * 1e3);
	return 0;
}
