// Xlib helpers for the global hotkey; see x11.go.
#ifndef GXP_HOTKEY_X11_H
#define GXP_HOTKEY_X11_H

#include <X11/Xlib.h>

typedef struct {
	unsigned int alt, super, numlock;
} gxp_modmasks;

gxp_modmasks gxp_hotkey_modmasks(Display *d);
int gxp_hotkey_grab(Display *d, int keycode, const unsigned int *mods, int n);
void gxp_hotkey_ungrab(Display *d, int keycode, const unsigned int *mods, int n);
int gxp_hotkey_wait(Display *d, int wakefd);
int gxp_hotkey_next(Display *d, int keycode, unsigned int *state, unsigned long *time);

#endif
