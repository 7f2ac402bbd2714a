// Keeps a lost X connection from ending the process.
//
// Xlib's reaction to a broken connection is to call the I/O error handler,
// whose default prints a message and calls exit(). libX11 >= 1.7 lets a
// display have an exit handler instead, if the (process-wide) I/O error
// handler returns. So: a chained I/O error handler returns for the displays
// registered here and defers to the previous handler for all others (GLFW's
// display keeps the old behaviour), and each registered display gets an
// exit handler that sets its dead flag. With an older libX11 nothing is
// installed and a lost connection still exits, as before.
//
// Everything is static: each package including this file has its own copy
// and its own handler in the chain (ui/hotkey and ui/clipboard both include
// it, through "#cgo CFLAGS: -I${SRCDIR}/../internal/x11safe").
#ifndef GXP_XSAFE_H
#define GXP_XSAFE_H

#include <X11/Xlib.h>
#include <dlfcn.h>
#include <pthread.h>

#define GXP_XSAFE_MAX 32

typedef void (*gxp_xsafe_exit_fn)(Display *, void *);
typedef void (*gxp_xsafe_set_exit_fn)(Display *, gxp_xsafe_exit_fn, void *);

static pthread_mutex_t gxp_xsafe_mu = PTHREAD_MUTEX_INITIALIZER;
static Display *gxp_xsafe_displays[GXP_XSAFE_MAX];
static XIOErrorHandler gxp_xsafe_previous;
static int gxp_xsafe_installed;

static int gxp_xsafe_io_error(Display *d) {
	int ours = 0;
	pthread_mutex_lock(&gxp_xsafe_mu);
	for (int i = 0; i < GXP_XSAFE_MAX; i++) {
		if (gxp_xsafe_displays[i] == d) ours = 1;
	}
	XIOErrorHandler previous = gxp_xsafe_previous;
	pthread_mutex_unlock(&gxp_xsafe_mu);
	if (ours) return 0; // Xlib then calls the display's exit handler
	return previous ? previous(d) : 0;
}

static void gxp_xsafe_mark_dead(Display *d, void *flag) {
	(void)d;
	*(volatile int *)flag = 1;
}

// gxp_xsafe_protect registers d; *dead becomes 1 when its connection breaks.
// *dead must stay valid until gxp_xsafe_release(d).
static void gxp_xsafe_protect(Display *d, int *dead) {
	gxp_xsafe_set_exit_fn set = (gxp_xsafe_set_exit_fn)dlsym(RTLD_DEFAULT, "XSetIOErrorExitHandler");
	if (!set) return;
	pthread_mutex_lock(&gxp_xsafe_mu);
	for (int i = 0; i < GXP_XSAFE_MAX; i++) {
		if (!gxp_xsafe_displays[i]) {
			gxp_xsafe_displays[i] = d;
			set(d, gxp_xsafe_mark_dead, dead);
			if (!gxp_xsafe_installed) {
				gxp_xsafe_previous = XSetIOErrorHandler(gxp_xsafe_io_error);
				gxp_xsafe_installed = 1;
			}
			break;
		}
	}
	pthread_mutex_unlock(&gxp_xsafe_mu);
}

static void gxp_xsafe_release(Display *d) {
	pthread_mutex_lock(&gxp_xsafe_mu);
	for (int i = 0; i < GXP_XSAFE_MAX; i++) {
		if (gxp_xsafe_displays[i] == d) gxp_xsafe_displays[i] = NULL;
	}
	pthread_mutex_unlock(&gxp_xsafe_mu);
}

#endif
