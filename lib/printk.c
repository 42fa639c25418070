// SPDX-License-Identifier: GPL-2.0
/*
 * Formatted output: vsnprintf() and printk().
 *
 * One formatter serves both. It hands every character to a struct out,
 * which either fills the caller's buffer (vsnprintf: characters that do not
 * fit are counted, then dropped) or fills a small buffer on printk's stack
 * and passes it to console_write() each time it is full. So printk output of
 * any length comes out whole, in chunks of PRINTK_CHUNK bytes, and is never
 * truncated.
 *
 * This code runs before relocation with the MMU off: it keeps nothing in
 * static data and uses no tables of pointers. The digits come from a string
 * literal, which the compiler reaches PC-relatively.
 *
 * Departures from the C standard, all on input the compiler's format
 * checking rejects anyway: a width or precision above FIELD_MAX is cut to
 * FIELD_MAX; length modifiers are ignored for %c, %s and %p; flags other
 * than '-' are ignored for %c, %s and %p, and all of them for %%; an unknown
 * conversion is printed as written, from its '%' on.
 */
#include <lander/printk.h>
#include <lander/console.h>
#include <lander/string.h>

#define PRINTK_CHUNK 256       /* bytes of printk's stack buffer */
#define FIELD_MAX    (1 << 20) /* largest width or precision obeyed */

/* The flags of one conversion specification. */
#define F_LEFT	0x01 /* '-': pad on the right */
#define F_ZERO	0x02 /* '0': pad numbers with zeros */
#define F_PLUS	0x04 /* '+': always print a sign */
#define F_SPACE 0x08 /* ' ': a space where a '+' would go */
#define F_ALT	0x10 /* '#': 0x before hex, a leading 0 for octal */

/* Length modifiers; z and t are the same size on every target. */
enum { LEN_INT, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_SIZE };

/* One parsed conversion specification, such as "%-08.3llx". */
struct spec {
	unsigned int flags; /* F_* */
	int width;	    /* minimum field width, 0 for none */
	int prec;	    /* precision, -1 for none */
	int len;	    /* LEN_* */
	char conv;	    /* the conversion character */
};

/* Where the formatted characters go. */
struct out {
	char *buf;    /* the buffer being filled */
	size_t room;  /* how many characters fit in buf */
	size_t pos;   /* how many are in buf now */
	size_t total; /* how many were produced, kept or not */
	bool console; /* pass a full buf to console_write() and go on */
};

/*
 * Emit one character. A full console buffer is flushed first; a full
 * vsnprintf buffer drops the character, but it still counts in the total.
 */
static void out_char(struct out *o, char c)
{
	if (o->pos == o->room && o->console) {
		console_write(o->buf, o->pos);
		o->pos = 0;
	}
	if (o->pos < o->room)
		o->buf[o->pos++] = c;
	o->total++;
}

/* Emit n copies of c; nothing when n is zero or negative. */
static void out_fill(struct out *o, char c, int n)
{
	while (n-- > 0)
		out_char(o, c);
}

/*
 * Emit n characters from s, as out_char() would one by one, but copied
 * into the buffer in runs.
 */
static void out_mem(struct out *o, const char *s, size_t n)
{
	o->total += n;
	while (n) {
		size_t run;

		if (o->pos == o->room) {
			if (!o->console)
				return;
			console_write(o->buf, o->pos);
			o->pos = 0;
		}
		run = MIN(n, o->room - o->pos);
		memcpy(o->buf + o->pos, s, run);
		o->pos += run;
		s += run;
		n -= run;
	}
}

/* Emit the n characters at s as a field: padded with spaces to the width. */
static void out_field(struct out *o, const struct spec *sp, const char *s, size_t n)
{
	int pad = n < (size_t)sp->width ? sp->width - (int)n : 0;

	if (!(sp->flags & F_LEFT))
		out_fill(o, ' ', pad);
	out_mem(o, s, n);
	if (sp->flags & F_LEFT)
		out_fill(o, ' ', pad);
}

/*
 * Emit an integer of magnitude v, negative if neg, following the C rules:
 * the precision is the least number of digits (zero at precision 0 prints
 * none), the sign or "0x" comes before any zero padding, and the '0' flag
 * is ignored when a precision is given or '-' is set. %p arrives here as
 * 'p' with F_ALT and precision 16 and always gets its "0x".
 */
static void out_number(struct out *o, const struct spec *sp, u64 v, bool neg)
{
	const char *digits = sp->conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
	const char *prefix = "";
	unsigned int base = 10;
	char tmp[24]; /* 22 octal digits hold any u64; filled from the end */
	char sign = 0;
	int n = 0, zeros, pad;

	if (sp->conv == 'o')
		base = 8;
	else if (sp->conv == 'x' || sp->conv == 'X' || sp->conv == 'p')
		base = 16;

	if ((sp->flags & F_ALT) && base == 16 && (v || sp->conv == 'p'))
		prefix = sp->conv == 'X' ? "0X" : "0x";
	if (neg)
		sign = '-';
	else if (sp->conv == 'd' || sp->conv == 'i')
		sign = (sp->flags & F_PLUS) ? '+' : (sp->flags & F_SPACE) ? ' ' : 0;

	/* The digits, least significant last: tmp[sizeof(tmp) - n] comes first. */
	while (v) {
		/* base is 8, 10 or 16: cppcheck cannot see it. */
		/* cppcheck-suppress zerodivcond */
		tmp[sizeof(tmp) - ++n] = digits[v % base];
		v /= base;
	}
	if (n == 0 && sp->prec != 0)
		tmp[sizeof(tmp) - ++n] = '0';

	zeros = sp->prec > n ? sp->prec - n : 0;
	/* '#' with %o: the first digit printed must be a zero. */
	if ((sp->flags & F_ALT) && base == 8 && zeros == 0 &&
	    (n == 0 || tmp[sizeof(tmp) - n] != '0'))
		zeros = 1;

	pad = sp->width - (!!sign + (int)strlen(prefix) + zeros + n);
	if ((sp->flags & (F_ZERO | F_LEFT)) == F_ZERO && sp->prec < 0 && pad > 0) {
		zeros += pad;
		pad = 0;
	}

	if (!(sp->flags & F_LEFT))
		out_fill(o, ' ', pad);
	if (sign)
		out_char(o, sign);
	out_mem(o, prefix, strlen(prefix));
	out_fill(o, '0', zeros);
	out_mem(o, tmp + sizeof(tmp) - n, n);
	if (sp->flags & F_LEFT)
		out_fill(o, ' ', pad);
}

/* Read a decimal number at *fmt and step past it; at most FIELD_MAX. */
static int read_number(const char **fmt)
{
	int n = 0;

	for (; **fmt >= '0' && **fmt <= '9'; (*fmt)++) {
		if (n < FIELD_MAX)
			n = n * 10 + (**fmt - '0');
	}
	return MIN(n, FIELD_MAX);
}

/*
 * The formatter shared by vsnprintf() and vprintk(). It copies fmt to o,
 * replacing each conversion specification by its formatted argument. All
 * va_arg() calls are made here, so ap never has to be passed on.
 */
static void format(struct out *o, const char *fmt, va_list ap)
{
	while (*fmt) {
		const char *start = fmt;
		struct spec sp = { 0, 0, -1, LEN_INT, 0 };
		const char *s;
		s64 sv;
		u64 uv;
		char c;

		if (*fmt != '%') {
			while (*fmt && *fmt != '%')
				fmt++;
			out_mem(o, start, fmt - start);
			continue;
		}
		fmt++;

		for (;; fmt++) {
			if (*fmt == '-')
				sp.flags |= F_LEFT;
			else if (*fmt == '0')
				sp.flags |= F_ZERO;
			else if (*fmt == '+')
				sp.flags |= F_PLUS;
			else if (*fmt == ' ')
				sp.flags |= F_SPACE;
			else if (*fmt == '#')
				sp.flags |= F_ALT;
			else
				break;
		}

		/* A negative '*' width means '-' and its absolute value. */
		if (*fmt == '*') {
			fmt++;
			sp.width = va_arg(ap, int);
			if (sp.width < 0) {
				sp.flags |= F_LEFT;
				sp.width = sp.width < -FIELD_MAX ? FIELD_MAX : -sp.width;
			}
			sp.width = MIN(sp.width, FIELD_MAX);
		} else {
			sp.width = read_number(&fmt);
		}

		/* A negative '*' precision counts as none; "." alone as 0. */
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				fmt++;
				sp.prec = va_arg(ap, int);
				sp.prec = sp.prec < 0 ? -1 : MIN(sp.prec, FIELD_MAX);
			} else {
				sp.prec = read_number(&fmt);
			}
		}

		if (*fmt == 'h') {
			fmt++;
			sp.len = LEN_H;
			if (*fmt == 'h') {
				fmt++;
				sp.len = LEN_HH;
			}
		} else if (*fmt == 'l') {
			fmt++;
			sp.len = LEN_L;
			if (*fmt == 'l') {
				fmt++;
				sp.len = LEN_LL;
			}
		} else if (*fmt == 'z' || *fmt == 't') {
			fmt++;
			sp.len = LEN_SIZE;
		}

		sp.conv = *fmt;
		switch (sp.conv) {
		case 'd':
		case 'i':
			if (sp.len == LEN_LL)
				sv = va_arg(ap, long long);
			else if (sp.len == LEN_L)
				sv = va_arg(ap, long);
			else if (sp.len == LEN_SIZE)
				sv = va_arg(ap, ptrdiff_t);
			else
				sv = va_arg(ap, int);
			if (sp.len == LEN_H)
				sv = (short)sv;
			else if (sp.len == LEN_HH)
				sv = (signed char)sv;
			/* Negate as unsigned: that is defined even for LLONG_MIN. */
			out_number(o, &sp, sv < 0 ? -(u64)sv : (u64)sv, sv < 0);
			break;
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			if (sp.len == LEN_LL)
				uv = va_arg(ap, unsigned long long);
			else if (sp.len == LEN_L)
				uv = va_arg(ap, unsigned long);
			else if (sp.len == LEN_SIZE)
				uv = va_arg(ap, size_t);
			else
				uv = va_arg(ap, unsigned int);
			if (sp.len == LEN_H)
				uv = (unsigned short)uv;
			else if (sp.len == LEN_HH)
				uv = (unsigned char)uv;
			out_number(o, &sp, uv, false);
			break;
		case 'c':
			c = (char)va_arg(ap, int);
			out_field(o, &sp, &c, 1);
			break;
		case 's':
			s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			/* With a precision, read no further than it. */
			out_field(o, &sp, s,
				  strnlen(s, sp.prec < 0 ? (size_t)-1 : (size_t)sp.prec));
			break;
		case 'p':
			sp.flags = (sp.flags & F_LEFT) | F_ALT;
			sp.prec = 16;
			out_number(o, &sp, (uintptr_t)va_arg(ap, void *), false);
			break;
		case '%': out_char(o, '%'); break;
		default:
			/* Unknown, or the string ended: print it as written. */
			out_mem(o, start, fmt - start + (*fmt != '\0'));
			break;
		}
		if (*fmt)
			fmt++;
	}
}

/*
 * Format into buf, which holds size bytes: at most size - 1 characters and
 * a NUL (nothing at all when size is 0). Returns the length the whole
 * output has, so a return of size or more means it was cut short.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size ? size - 1 : 0, 0, 0, false };

	format(&o, fmt, ap);
	if (size)
		buf[o.pos] = '\0';
	return (int)o.total;
}

/* vsnprintf() with the arguments in place of a va_list. */
int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/*
 * Keep one message's pieces together when several CPUs print: kernel/smp.c
 * provides the lock once other CPUs run. Alone (the early boot, the host
 * tests) there is nothing to order.
 */
__weak bool printk_lock(void)
{
	return false;
}

__weak void printk_unlock(bool locked)
{
}

/*
 * Format to the console through a PRINTK_CHUNK-byte buffer on the stack,
 * flushed to console_write() whenever it fills and once at the end. Long
 * output is therefore written in several pieces but never cut. Returns the
 * number of characters written.
 */
int vprintk(const char *fmt, va_list ap)
{
	char buf[PRINTK_CHUNK];
	struct out o = { buf, sizeof(buf), 0, 0, true };
	bool locked = printk_lock();

	format(&o, fmt, ap);
	if (o.pos)
		console_write(buf, o.pos);
	printk_unlock(locked);
	return (int)o.total;
}

/* vprintk() with the arguments in place of a va_list. */
int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}
