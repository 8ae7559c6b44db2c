// SPDX-License-Identifier: MIT
/*
 * --trace: the core's events as Chrome trace-event JSON (see trace.h).
 *
 * Format ("Trace Event Format", the JSON Object Format): {"traceEvents":
 * [...], "otherData": {...}}; per event "ph" X (a complete span: ts and
 * dur), i (an instant, "s": "t" = on its thread's track) or M (metadata:
 * thread names); ts and dur in microseconds, given here with nanosecond
 * decimals, from the start of the trace.  pid 1 is the VM; tid 1 + N is
 * vCPU N, tid 0 the VMM.
 */
#include "trace.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "trace_ring.h"

#define WRITER_PERIOD_MS 20
#define BATCH 1024

static struct {
	bool on;
	bool vmm_spans; /* AV_TRACE_CLASS_EXIT traced */
	FILE *f;
	const char *path;
	unsigned nr_vcpus;
	struct trace_ring *rings; /* nr_vcpus + 1: the last is the VMM's */
	uint64_t t0;
	uint64_t written;
	bool write_failed;
	pthread_t writer;
	pthread_mutex_t lock; /* stop, with cond */
	pthread_cond_t cond;
	bool stop;
} tr;

static uint64_t now_ns(void)
{
	struct timespec ts;

	/* The core's clock (plat_monotonic_ns is CLOCK_MONOTONIC). */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* The VMM's spans are exit handling: class "exit". */
uint64_t vmm_trace_clock(void)
{
	return tr.vmm_spans ? now_ns() : 0;
}

static void sink(void *opaque, const struct av_trace_event *e)
{
	unsigned i = e->vcpu < tr.nr_vcpus ? e->vcpu : tr.nr_vcpus;

	(void)opaque;
	trace_ring_push(&tr.rings[i], e);
}

void vmm_trace_span(enum vmm_trace_what what, unsigned vcpu, uint64_t t0_ns,
		    uint64_t arg)
{
	if (!tr.vmm_spans || !t0_ns)
		return;
	struct av_trace_event e = {
		.ts_ns = t0_ns,
		.dur_ns = now_ns() - t0_ns,
		.vcpu = AV_TRACE_VCPU_NONE,
		.type = AV_TRACE_VMM,
		.arg0 = what,
		.arg1 = ((uint64_t)vcpu << 56) | (arg & (UINT64_MAX >> 8)),
	};
	trace_ring_push(&tr.rings[tr.nr_vcpus], &e);
}

const char *vmm_trace_type_name(uint32_t type)
{
	static const char *const names[AV_TRACE_NR_TYPES] = {
		[AV_TRACE_GUEST] = "guest",
		[AV_TRACE_EXIT] = "exit",
		[AV_TRACE_WFI] = "wfi",
		[AV_TRACE_INJECT] = "inject",
		[AV_TRACE_ACK] = "ack",
		[AV_TRACE_DEACTIVATE] = "deactivate",
		[AV_TRACE_TIMER_CTL] = "timer_ctl",
		[AV_TRACE_TIMER_CVAL] = "timer_cval",
		[AV_TRACE_TIMER_EXPIRE] = "timer_expire",
		[AV_TRACE_REQUEST] = "request",
		[AV_TRACE_KICK] = "kick",
		[AV_TRACE_VMM] = "vmm",
	};

	return type < AV_TRACE_NR_TYPES ? names[type] : NULL;
}

const char *vmm_trace_exit_name(uint64_t why)
{
	static const char *const names[] = {
		[AV_TRACE_EXIT_KICK] = "kick",
		[AV_TRACE_EXIT_WFI] = "wfi",
		[AV_TRACE_EXIT_MMIO_USER] = "mmio_user",
		[AV_TRACE_EXIT_MMIO_KERNEL] = "mmio_kernel",
		[AV_TRACE_EXIT_SYSREG] = "sysreg",
		[AV_TRACE_EXIT_HVC_KERNEL] = "hvc_kernel",
		[AV_TRACE_EXIT_HVC_USER] = "hvc_user",
		[AV_TRACE_EXIT_SMC_USER] = "smc_user",
		[AV_TRACE_EXIT_ERROR] = "error",
	};

	return why < sizeof(names) / sizeof(*names) ? names[why] : NULL;
}

static const char *request_name(uint64_t req)
{
	/* src/core/core.h REQ_*: the numbers are the core's ABI here. */
	static const char *const names[] = {
		"sleep", "power_on", "irq_pending", "exit_user", "timer",
		"user_irq",
	};

	return req < sizeof(names) / sizeof(*names) ? names[req] : "other";
}

static const char *class_of(uint32_t type)
{
	switch (type) {
	case AV_TRACE_GUEST:
	case AV_TRACE_EXIT:
	case AV_TRACE_WFI:
		return "exit";
	case AV_TRACE_INJECT:
	case AV_TRACE_ACK:
	case AV_TRACE_DEACTIVATE:
		return "irq";
	case AV_TRACE_TIMER_CTL:
	case AV_TRACE_TIMER_CVAL:
	case AV_TRACE_TIMER_EXPIRE:
		return "timer";
	case AV_TRACE_REQUEST:
	case AV_TRACE_KICK:
		return "request";
	default:
		return "vmm";
	}
}

/* ---- JSON text, formatted by hand: the writer thread shares the host's
 * CPUs with the vCPU threads, and printf costs several times more ---- */

struct out {
	char buf[65536];
	size_t n;
};

static void out_flush(FILE *f, struct out *o)
{
	if (o->n && fwrite(o->buf, 1, o->n, f) != o->n)
		tr.write_failed = true;
	o->n = 0;
}

static void put_s(struct out *o, const char *s)
{
	while (*s)
		o->buf[o->n++] = *s++;
}

static void put_u(struct out *o, uint64_t v)
{
	char tmp[20];
	int i = 0;

	do {
		tmp[i++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (i)
		o->buf[o->n++] = tmp[--i];
}

/* ,"key":N for nanoseconds N, in microseconds with three decimals. */
static void put_us(struct out *o, const char *key, uint64_t ns)
{
	unsigned frac = (unsigned)(ns % 1000);

	put_s(o, ",\"");
	put_s(o, key);
	put_s(o, "\":");
	put_u(o, ns / 1000);
	o->buf[o->n++] = '.';
	o->buf[o->n++] = (char)('0' + frac / 100);
	o->buf[o->n++] = (char)('0' + frac / 10 % 10);
	o->buf[o->n++] = (char)('0' + frac % 10);
}

/* ,"key":N or ,"key":"S" (first: no comma) */
static void put_kv_u(struct out *o, bool first, const char *key, uint64_t v)
{
	put_s(o, first ? "\"" : ",\"");
	put_s(o, key);
	put_s(o, "\":");
	put_u(o, v);
}

static void put_kv_s(struct out *o, bool first, const char *key,
		     const char *v)
{
	put_s(o, first ? "\"" : ",\"");
	put_s(o, key);
	put_s(o, "\":\"");
	put_s(o, v);
	put_s(o, "\"");
}

static const char *timer_name(uint64_t idx)
{
	return idx ? "ptimer" : "vtimer";
}

static void write_args(struct out *o, const struct av_trace_event *e)
{
	const char *n;

	o->buf[o->n++] = '{';
	switch (e->type) {
	case AV_TRACE_GUEST:
	case AV_TRACE_EXIT:
		n = vmm_trace_exit_name(e->arg0);
		put_kv_s(o, true, "reason", n ? n : "?");
		break;
	case AV_TRACE_INJECT:
		put_kv_u(o, true, "intid", e->arg0);
		put_kv_s(o, false, "src",
			 e->arg1 == AV_TRACE_SRC_SGI ? "sgi" : "line");
		break;
	case AV_TRACE_ACK:
	case AV_TRACE_DEACTIVATE:
		put_kv_u(o, true, "intid", e->arg0);
		break;
	case AV_TRACE_TIMER_CTL:
	case AV_TRACE_TIMER_CVAL:
	case AV_TRACE_TIMER_EXPIRE:
		put_kv_s(o, true, "timer", timer_name(e->arg0));
		put_kv_u(o, false,
			 e->type == AV_TRACE_TIMER_CTL    ? "ctl"
			 : e->type == AV_TRACE_TIMER_CVAL ? "cval"
							  : "intid",
			 e->arg1);
		break;
	case AV_TRACE_REQUEST:
		put_kv_s(o, true, "req", request_name(e->arg0));
		break;
	case AV_TRACE_KICK:
		put_kv_s(o, true, "how", e->arg0 ? "interrupt" : "wake");
		break;
	case AV_TRACE_VMM:
		put_kv_u(o, true, "vcpu", e->arg1 >> 56);
		put_kv_u(o, false, e->arg0 == VMM_TRACE_MMIO ? "addr" : "func",
			 e->arg1 & (UINT64_MAX >> 8));
		break;
	default:
		break;
	}
	o->buf[o->n++] = '}';
}

static void write_event(FILE *f, struct out *o, unsigned tid,
			const struct av_trace_event *e)
{
	const char *name = vmm_trace_type_name(e->type);
	uint64_t ts = e->ts_ns >= tr.t0 ? e->ts_ns - tr.t0 : 0;

	if (!name)
		return;
	if (o->n > sizeof(o->buf) - 512) /* an event is < 300 bytes */
		out_flush(f, o);
	if (e->type == AV_TRACE_VMM)
		name = e->arg0 == VMM_TRACE_MMIO ? "mmio" : "hypercall";
	put_s(o, ",\n{");
	put_kv_s(o, true, "name", name);
	put_kv_s(o, false, "cat", class_of(e->type));
	put_kv_u(o, false, "pid", 1);
	put_kv_u(o, false, "tid", tid);
	put_us(o, "ts", ts);
	if (e->type == AV_TRACE_GUEST || e->type == AV_TRACE_EXIT ||
	    e->type == AV_TRACE_WFI || e->type == AV_TRACE_VMM) {
		put_kv_s(o, false, "ph", "X");
		put_us(o, "dur", e->dur_ns);
	} else {
		put_kv_s(o, false, "ph", "i");
		put_kv_s(o, false, "s", "t");
	}
	put_s(o, ",\"args\":");
	write_args(o, e);
	o->buf[o->n++] = '}';
	tr.written++;
}

/* Move what the rings hold into the file. */
static void drain(void)
{
	static struct av_trace_event batch[BATCH];
	static struct out o;

	for (unsigned i = 0; i <= tr.nr_vcpus; i++) {
		unsigned tid = i < tr.nr_vcpus ? i + 1 : 0, n;

		while ((n = trace_ring_pop(&tr.rings[i], batch, BATCH)) > 0)
			for (unsigned k = 0; k < n; k++)
				write_event(tr.f, &o, tid, &batch[k]);
	}
	out_flush(tr.f, &o);
}

static void *writer_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&tr.lock);
	while (!tr.stop) {
		struct timespec ts;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_nsec += WRITER_PERIOD_MS * 1000000l;
		if (ts.tv_nsec >= 1000000000l) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000l;
		}
		pthread_cond_timedwait(&tr.cond, &tr.lock, &ts);
		pthread_mutex_unlock(&tr.lock);
		drain();
		pthread_mutex_lock(&tr.lock);
	}
	pthread_mutex_unlock(&tr.lock);
	return NULL;
}

int vmm_trace_start(const char *path, unsigned nr_vcpus, uint32_t classes)
{
	pthread_condattr_t ca;
	int r;

	/* O_NONBLOCK, kept: a FIFO with no reader is refused at once
	 * (ENXIO) and a pipe that stops taking data fails a write instead
	 * of blocking the writer, and with it the VMM's exit. */
	int fd = open(path,
		      O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK | O_NOCTTY |
			      O_CLOEXEC,
		      0666);

	tr.f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!tr.f) {
		fprintf(stderr, "armvisor: --trace: %s: %s\n", path,
			errno == ENXIO ? "a FIFO with no reader"
				       : strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	tr.path = path;
	tr.nr_vcpus = nr_vcpus;
	tr.rings = calloc(nr_vcpus + 1, sizeof(*tr.rings));
	if (!tr.rings)
		goto nomem;
	for (unsigned i = 0; i <= nr_vcpus; i++)
		if (trace_ring_init(&tr.rings[i], VMM_TRACE_RING_EVENTS))
			goto nomem;
	tr.t0 = now_ns();
	fprintf(tr.f, "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n"
		      "{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1,"
		      "\"args\":{\"name\":\"armvisor VM\"}},\n"
		      "{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,"
		      "\"tid\":0,\"args\":{\"name\":\"VMM\"}}");
	for (unsigned i = 0; i < nr_vcpus; i++)
		fprintf(tr.f,
			",\n{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,"
			"\"tid\":%u,\"args\":{\"name\":\"vCPU %u\"}}",
			i + 1, i);
	pthread_mutex_init(&tr.lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&tr.cond, &ca);
	pthread_condattr_destroy(&ca);
	r = pthread_create(&tr.writer, NULL, writer_main, NULL);
	if (r) {
		fprintf(stderr, "armvisor: --trace: cannot start the writer: "
				"%s\n",
			strerror(r));
		return -1;
	}
	tr.on = true;
	tr.vmm_spans = classes & AV_TRACE_CLASS_EXIT;
	r = av_trace_set_sink(classes, sink, NULL);
	if (r < 0) {
		fprintf(stderr, "armvisor: --trace: %s\n", av_strerror(r));
		return -1;
	}
	return 0;
nomem:
	fprintf(stderr, "armvisor: --trace: out of memory for the rings\n");
	return -1;
}

void vmm_trace_finish(void)
{
	uint64_t dropped = 0;
	bool failed;

	if (!tr.on)
		return;
	av_trace_set_sink(0, NULL, NULL);
	tr.vmm_spans = false;
	pthread_mutex_lock(&tr.lock);
	tr.stop = true;
	pthread_cond_signal(&tr.cond);
	pthread_mutex_unlock(&tr.lock);
	pthread_join(tr.writer, NULL);
	drain();
	tr.on = false;
	fputs("\n],\"otherData\":{\"dropped_per_track\":[", tr.f);
	for (unsigned i = 0; i <= tr.nr_vcpus; i++) {
		uint64_t d = trace_ring_dropped(&tr.rings[i]);

		fprintf(tr.f, "%s%" PRIu64, i ? "," : "", d);
		dropped += d;
		trace_ring_destroy(&tr.rings[i]);
	}
	fprintf(tr.f,
		"],\"dropped\":%" PRIu64 ",\"events\":%" PRIu64
		",\"ring_events\":%u}}\n",
		dropped, tr.written, VMM_TRACE_RING_EVENTS);
	free(tr.rings);
	failed = tr.write_failed || ferror(tr.f);
	if (fclose(tr.f) || failed)
		fprintf(stderr,
			"armvisor: --trace: %s: %s; the file is incomplete\n",
			tr.path, failed ? "a write failed" : strerror(errno));
	tr.f = NULL;
	if (dropped)
		fprintf(stderr,
			"armvisor: --trace: %" PRIu64 " events dropped (the "
			"oldest, when a track's ring of %u was full)\n",
			dropped, VMM_TRACE_RING_EVENTS);
}
