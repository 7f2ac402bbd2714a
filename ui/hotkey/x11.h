// Xlib helpers for the global hotkey; see x11.go.
#ifndef GXP_HOTKEY_X11_H
#define GXP_HOTKEY_X11_H

#include <X11/Xlib.h>

typedef struct {
	Display *d;
	int dead; // the connection broke: do not touch it again
} gxp_hk;

typedef struct {
	unsigned int alt, super, numlock;
} gxp_modmasks;

gxp_hk *gxp_hotkey_open(const char *display);
void gxp_hotkey_close(gxp_hk *h);
int gxp_hotkey_keycode(gxp_hk *h, unsigned long keysym);
gxp_modmasks gxp_hotkey_modmasks(gxp_hk *h);
int gxp_hotkey_grab(gxp_hk *h, int keycode, const unsigned int *mods, int n);
void gxp_hotkey_ungrab(gxp_hk *h, int keycode, const unsigned int *mods, int n);
int gxp_hotkey_wait(gxp_hk *h, int wakefd);
int gxp_hotkey_next(gxp_hk *h, int keycode, unsigned int *state, unsigned long *time);

#endif
