//go:build linux && cgo

#include "x11.h"
#include "xsafe.h"

#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/extensions/Xfixes.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

// new_window (re)creates the hidden window that receives the selection.
static void new_window(gxp_clip *c) {
	if (c->w) XDestroyWindow(c->d, c->w);
	c->w = XCreateSimpleWindow(c->d, DefaultRootWindow(c->d), 0, 0, 1, 1, 0, 0, 0);
	if (c->fixes_event >= 0) {
		XFixesSelectSelectionInput(c->d, c->w, c->clipboard,
			XFixesSetSelectionOwnerNotifyMask | XFixesSelectionWindowDestroyNotifyMask |
				XFixesSelectionClientCloseNotifyMask);
	}
}

gxp_clip *gxp_clip_open(const char *display, int watch) {
	Display *d = XOpenDisplay(display);
	if (!d) return NULL;
	gxp_clip *c = calloc(1, sizeof *c);
	if (!c) {
		XCloseDisplay(d);
		return NULL;
	}
	c->d = d;
	gxp_xsafe_protect(d, &c->dead);
	c->clipboard = XInternAtom(d, "CLIPBOARD", False);
	c->utf8 = XInternAtom(d, "UTF8_STRING", False);
	c->prop = XInternAtom(d, "GXP_CLIPBOARD", False);
	c->incr = XInternAtom(d, "INCR", False);
	c->fixes_event = -1;
	int event_base, error_base;
	if (watch && XFixesQueryExtension(d, &event_base, &error_base)) c->fixes_event = event_base;
	new_window(c);
	XSync(d, False);
	return c;
}

void gxp_clip_close(gxp_clip *c) {
	gxp_xsafe_release(c->d);
	// A dead connection cannot be closed through Xlib (nor is it used
	// again, so its exit handler cannot run any more): its memory is left.
	if (!c->dead) {
		XDestroyWindow(c->d, c->w);
		XCloseDisplay(c->d);
	}
	free(c);
}

static long now_ms(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

// Waits for X input or wakefd for at most timeout_ms (-1: no limit).
// Returns 1 X input, GXP_CLIP_WOKEN, GXP_CLIP_TIMEOUT or GXP_CLIP_DEAD. End of
// file is checked here, before Xlib would run into it.
static int wait_input(gxp_clip *c, int wakefd, int timeout_ms) {
	if (c->dead) return GXP_CLIP_DEAD;
	if (XQLength(c->d) > 0) return 1;
	int xfd = ConnectionNumber(c->d);
	struct pollfd p[2] = {{xfd, POLLIN, 0}, {wakefd, POLLIN, 0}};
	int r;
	do {
		r = poll(p, 2, timeout_ms);
	} while (r < 0 && errno == EINTR);
	if (r < 0) return GXP_CLIP_DEAD;
	if (r == 0) return GXP_CLIP_TIMEOUT;
	if (p[1].revents) return GXP_CLIP_WOKEN;
	if (p[0].revents & (POLLERR | POLLNVAL)) goto dead;
	char ch;
	ssize_t got = recv(xfd, &ch, 1, MSG_PEEK | MSG_DONTWAIT);
	if (got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) goto dead;
	return 1;
dead:
	c->dead = 1;
	return GXP_CLIP_DEAD;
}

// Handles the queued events; returns 1 when the SelectionNotify for our
// request is among them (copied to *out).
static int drain(gxp_clip *c, XSelectionEvent *out) {
	int found = 0;
	while (!c->dead && XEventsQueued(c->d, QueuedAfterReading) > 0) {
		XEvent ev;
		XNextEvent(c->d, &ev);
		if (c->dead) break;
		if (c->fixes_event >= 0 && ev.type == c->fixes_event + XFixesSelectionNotify) {
			c->changed = 1;
		} else if (out && ev.type == SelectionNotify && ev.xselection.requestor == c->w &&
			ev.xselection.selection == c->clipboard) {
			*out = ev.xselection;
			found = 1;
		}
	}
	return found;
}

static int convert(gxp_clip *c, Atom target, int wakefd, long deadline, char *buf, int cap, int *len, int *latin1) {
	XDeleteProperty(c->d, c->w, c->prop);
	XConvertSelection(c->d, c->clipboard, target, c->prop, c->w, CurrentTime);
	XFlush(c->d);
	XSelectionEvent sel;
	for (;;) {
		if (drain(c, &sel)) break;
		if (c->dead) return GXP_CLIP_DEAD;
		long left = deadline - now_ms();
		int r = left <= 0 ? GXP_CLIP_TIMEOUT : wait_input(c, wakefd, (int)left);
		if (r == GXP_CLIP_TIMEOUT || r == GXP_CLIP_WOKEN) {
			// A late answer must not be taken for the next request's.
			new_window(c);
			XFlush(c->d);
		}
		if (r != 1) return r;
	}
	if (sel.property == None) return GXP_CLIP_EMPTY; // the owner refused this target
	Atom type;
	int format;
	unsigned long n, after;
	unsigned char *data = NULL;
	// Ask for a little more than cap to tell "exactly cap" from "more".
	// The property is not deleted by this read: for an INCR answer, deleting
	// it is what asks the owner for the first chunk.
	if (XGetWindowProperty(c->d, c->w, c->prop, 0, cap / 4 + 1, False, AnyPropertyType, &type, &format,
		    &n, &after, &data) != Success) {
		return c->dead ? GXP_CLIP_DEAD : GXP_CLIP_EMPTY;
	}
	int res;
	if (type == c->incr) {
		// INCR transfers are for data far larger than a phone number. The
		// window is replaced, so the owner waiting to send chunks to it can
		// never write into a later answer.
		new_window(c);
		XFlush(c->d);
		if (data) XFree(data);
		return GXP_CLIP_TOO_LARGE;
	}
	XDeleteProperty(c->d, c->w, c->prop);
	if (format != 8 || type == None) {
		res = GXP_CLIP_EMPTY;
	} else if (after > 0 || n > (unsigned long)cap) {
		res = GXP_CLIP_TOO_LARGE;
	} else {
		memcpy(buf, data, n);
		*len = (int)n;
		// The owner may answer in another type than asked: trust what it says.
		*latin1 = type == XA_STRING;
		res = GXP_CLIP_OK;
	}
	if (data) XFree(data);
	return res;
}

// Reads the CLIPBOARD selection as text: UTF8_STRING, else STRING (Latin-1).
int gxp_clip_read(gxp_clip *c, int wakefd, int timeout_ms, char *buf, int cap, int *len, int *latin1) {
	if (c->dead) return GXP_CLIP_DEAD;
	*len = 0;
	*latin1 = 0;
	if (XGetSelectionOwner(c->d, c->clipboard) == None) return c->dead ? GXP_CLIP_DEAD : GXP_CLIP_EMPTY;
	long deadline = now_ms() + timeout_ms;
	int r = convert(c, c->utf8, wakefd, deadline, buf, cap, len, latin1);
	if (r == GXP_CLIP_EMPTY && !c->dead) r = convert(c, XA_STRING, wakefd, deadline, buf, cap, len, latin1);
	return r;
}

// Blocks until the clipboard owner changes (GXP_CLIP_CHANGED), wakefd is
// readable (GXP_CLIP_WOKEN) or the connection dies (GXP_CLIP_DEAD).
int gxp_clip_wait_change(gxp_clip *c, int wakefd) {
	for (;;) {
		drain(c, NULL);
		if (c->dead) return GXP_CLIP_DEAD;
		if (c->changed) {
			c->changed = 0;
			return GXP_CLIP_CHANGED;
		}
		int r = wait_input(c, wakefd, -1);
		if (r != 1) return r;
	}
}
