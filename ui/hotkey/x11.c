//go:build linux && cgo

#include "x11.h"
#include "xsafe.h"

#include <X11/Xlib.h>
#include <X11/XKBlib.h>
#include <X11/keysym.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>

// The Xlib error handler is process-wide, so grabs are serialized and the
// handler only claims errors of the display being grabbed on; others go to
// whatever handler was installed before (GLFW's, or Xlib's default).
static pthread_mutex_t trap_mu = PTHREAD_MUTEX_INITIALIZER;
static Display *trap_display;
static int trap_error;
static XErrorHandler trap_previous;

static int trap_handler(Display *d, XErrorEvent *e) {
	if (d == trap_display) {
		if (!trap_error) trap_error = e->error_code;
		return 0;
	}
	return trap_previous ? trap_previous(d, e) : 0;
}

gxp_hk *gxp_hotkey_open(const char *display) {
	Display *d = XOpenDisplay(display);
	if (!d) return NULL;
	gxp_hk *h = calloc(1, sizeof *h);
	if (!h) {
		XCloseDisplay(d);
		return NULL;
	}
	h->d = d;
	gxp_xsafe_protect(d, &h->dead);
	return h;
}

void gxp_hotkey_close(gxp_hk *h) {
	gxp_xsafe_release(h->d);
	// A dead connection cannot be closed through Xlib; its memory is left.
	if (!h->dead) XCloseDisplay(h->d);
	free(h);
}

int gxp_hotkey_keycode(gxp_hk *h, unsigned long keysym) {
	return XKeysymToKeycode(h->d, (KeySym)keysym);
}

static unsigned int mask_of(Display *d, XModifierKeymap *map, KeySym sym) {
	KeyCode kc = XKeysymToKeycode(d, sym);
	if (!kc) return 0;
	for (int i = 0; i < 8; i++) {
		for (int j = 0; j < map->max_keypermod; j++) {
			if (map->modifiermap[i * map->max_keypermod + j] == kc) return 1u << i;
		}
	}
	return 0;
}

// Which ModN bit carries Alt, Super and NumLock depends on the keymap.
gxp_modmasks gxp_hotkey_modmasks(gxp_hk *h) {
	Display *d = h->d;
	gxp_modmasks m = {Mod1Mask, Mod4Mask, Mod2Mask};
	XModifierKeymap *map = XGetModifierMapping(d);
	if (!map) return m;
	unsigned int v;
	if ((v = mask_of(d, map, XK_Alt_L)) || (v = mask_of(d, map, XK_Meta_L))) m.alt = v;
	if ((v = mask_of(d, map, XK_Super_L)) || (v = mask_of(d, map, XK_Super_R))) m.super = v;
	m.numlock = mask_of(d, map, XK_Num_Lock);
	XFreeModifiermap(map);
	return m;
}

// Grabs keycode with each modifier set on the root window; returns 0 or
// the X error code (BadAccess: another client holds one of them), in which
// case nothing stays grabbed.
int gxp_hotkey_grab(gxp_hk *h, int keycode, const unsigned int *mods, int n) {
	Display *d = h->d;
	Window root = DefaultRootWindow(d);
	pthread_mutex_lock(&trap_mu);
	XSync(d, False);
	trap_display = d;
	trap_error = 0;
	trap_previous = XSetErrorHandler(trap_handler);
	for (int i = 0; i < n; i++) {
		XGrabKey(d, keycode, mods[i], root, False, GrabModeAsync, GrabModeAsync);
	}
	XSync(d, False);
	int err = trap_error;
	if (err) {
		for (int i = 0; i < n; i++) XUngrabKey(d, keycode, mods[i], root);
		XSync(d, False);
	}
	XSetErrorHandler(trap_previous);
	trap_display = NULL;
	pthread_mutex_unlock(&trap_mu);
	if (h->dead) return BadImplementation;
	if (!err) {
		Bool supported;
		// Held keys then repeat as presses without releases in between.
		XkbSetDetectableAutoRepeat(d, True, &supported);
		XSelectInput(d, root, 0);
	}
	return err;
}

void gxp_hotkey_ungrab(gxp_hk *h, int keycode, const unsigned int *mods, int n) {
	if (h->dead) return;
	Display *d = h->d;
	Window root = DefaultRootWindow(d);
	for (int i = 0; i < n; i++) XUngrabKey(d, keycode, mods[i], root);
	XSync(d, False);
}

// Waits until the X connection or wakefd is readable.
// Returns 1: X data (or queued events), 2: woken, -1: the X server is gone.
// End of file is checked here, before Xlib runs into it (see xsafe.h for
// when it does anyway).
int gxp_hotkey_wait(gxp_hk *h, int wakefd) {
	if (h->dead) return -1;
	if (XQLength(h->d) > 0) return 1;
	int xfd = ConnectionNumber(h->d);
	struct pollfd p[2] = {{xfd, POLLIN, 0}, {wakefd, POLLIN, 0}};
	for (;;) {
		int r = poll(p, 2, -1);
		if (r < 0 && errno == EINTR) continue;
		if (r < 0) return -1;
		break;
	}
	if (p[1].revents) return 2;
	char c;
	ssize_t got = recv(xfd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
	if ((p[0].revents & (POLLERR | POLLNVAL)) || got == 0 ||
		(got < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
		h->dead = 1;
		return -1;
	}
	return 1;
}

// Reads what is available and returns the next relevant event without
// blocking: 1 key press, 2 key release (of keycode), 0 nothing more.
int gxp_hotkey_next(gxp_hk *h, int keycode, unsigned int *state, unsigned long *time) {
	while (!h->dead && XEventsQueued(h->d, QueuedAfterReading) > 0) {
		XEvent ev;
		XNextEvent(h->d, &ev);
		if (h->dead) break;
		if ((ev.type != KeyPress && ev.type != KeyRelease) || (int)ev.xkey.keycode != keycode) continue;
		*state = ev.xkey.state;
		*time = ev.xkey.time;
		return ev.type == KeyPress ? 1 : 2;
	}
	return 0;
}
