// Xlib/XFixes clipboard reader; see x11.go.
#ifndef GXP_CLIPBOARD_X11_H
#define GXP_CLIPBOARD_X11_H

#include <X11/Xlib.h>

typedef struct {
	Display *d;
	Window w;
	Atom clipboard, utf8, prop, incr;
	int fixes_event; // XFixes event base, -1 without XFixes
	int changed;     // an owner change arrived while doing something else
	int dead;        // the X connection failed: do not touch it again
} gxp_clip;

enum {
	GXP_CLIP_OK = 0,
	GXP_CLIP_EMPTY = 1,
	GXP_CLIP_TOO_LARGE = 2,
	GXP_CLIP_TIMEOUT = 3,
	GXP_CLIP_WOKEN = 4,
	GXP_CLIP_CHANGED = 5,
	GXP_CLIP_DEAD = -1,
};

gxp_clip *gxp_clip_open(const char *display, int watch);
void gxp_clip_close(gxp_clip *c);
int gxp_clip_read(gxp_clip *c, int wakefd, int timeout_ms, char *buf, int cap, int *len, int *latin1);
int gxp_clip_wait_change(gxp_clip *c, int wakefd);

#endif
