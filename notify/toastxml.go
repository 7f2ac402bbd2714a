package notify

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"strings"

	toast "git.sr.ht/~jackmordaunt/go-toast/v2"
	"git.sr.ht/~jackmordaunt/go-toast/v2/tmpl"
)

// Windows toasts are built here, apart from the Windows-only notifier
// (toast_windows.go), so that their XML and the routing of a button click
// back to its notification are tested on every system.
//
// The XML comes from go-toast's own template (what its Push sends to the
// Windows Runtime). That template pastes values in as they are: texts go
// into CDATA sections, the rest into attributes. So texts lose "]]>" and
// attribute values are XML-escaped here, before the template sees them.

// toastArgPrefix starts the arguments of every GXP Tray toast button:
// gxptray-toast:<notification id>:<action key>. The body of a toast (no
// button) carries the id and an empty key.
const toastArgPrefix = "gxptray-toast:"

// toastArgs are the activation arguments of button key of notification id.
func toastArgs(id ID, key string) string {
	return toastArgPrefix + strconv.FormatUint(uint64(id), 10) + ":" + key
}

// parseToastArgs reads what toastArgs wrote; ok is false for anything else
// (a toast of another program, a forged string).
func parseToastArgs(s string) (id ID, key string, ok bool) {
	rest, found := strings.CutPrefix(s, toastArgPrefix)
	if !found {
		return 0, "", false
	}
	num, key, found := strings.Cut(rest, ":")
	if !found {
		return 0, "", false
	}
	n, err := strconv.ParseUint(num, 10, 32)
	if err != nil || n == 0 {
		return 0, "", false
	}
	return ID(n), key, true
}

// buildToast turns n, shown as id, into go-toast's description: summary as
// title, body, the icon (an absolute path; names are not files on Windows),
// one foreground button per action (their clicks come back to the running
// process through the activation callback). Notifications that stay until
// closed (Timeout < 0, a ringing call) are long toasts.
func buildToast(appID string, n Notification, id ID, icon string) toast.Notification {
	t := toast.Notification{
		AppID:               appID,
		Title:               cdataText(n.Summary, maxSummary),
		Body:                cdataText(n.Body, maxBody),
		ActivationType:      toast.Foreground,
		ActivationArguments: attr(toastArgs(id, "")),
		Duration:            toast.Short,
		Audio:               toast.Default,
	}
	if icon != "" && isAbsWindowsPath(icon) {
		t.Icon = attr(cleanText(icon, maxPath))
	}
	if n.Timeout < 0 {
		t.Duration = toast.Long
	}
	if n.Category == "call.incoming" {
		t.Audio = toast.LoopingCall
		t.Loop = true
	}
	for _, a := range n.Actions {
		t.Actions = append(t.Actions, toast.Action{
			Type:      toast.Foreground,
			Content:   attr(cleanText(a.Label, maxShort)),
			Arguments: attr(toastArgs(id, cleanText(a.Key, maxShort))),
		})
	}
	return t
}

// toastXML renders t with go-toast's template.
func toastXML(t toast.Notification) (string, error) {
	var b bytes.Buffer
	if err := tmpl.XMLTemplate.Execute(&b, &t); err != nil {
		return "", err
	}
	return b.String(), nil
}

// cdataText is clean text that cannot end the CDATA section it goes into.
func cdataText(s string, limit int) string {
	return strings.ReplaceAll(cleanText(s, limit), "]]>", "]] >")
}

// attr escapes s for an XML attribute value.
func attr(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder does not fail
	return b.String()
}

// isAbsWindowsPath: C:\... or \\server\share\... (and forward slashes).
func isAbsWindowsPath(p string) bool {
	if len(p) >= 3 && p[1] == ':' && (p[2] == '\\' || p[2] == '/') {
		c := p[0] | 0x20
		return c >= 'a' && c <= 'z'
	}
	return strings.HasPrefix(p, `\\`)
}

// activate delivers a toast activation (the arguments of the clicked
// button) to the callback of its notification, at most once and never
// after Close: the same promise as the freedesktop notifier's. It runs on
// the caller's goroutine (go-toast's COM callback, never the one that
// called Show).
func (t *actionTable) activate(args string) {
	id, key, ok := parseToastArgs(args)
	if !ok || key == "" {
		return // not ours, or the body (no button) was clicked
	}
	if fn := t.take(id, key); fn != nil {
		fn(key)
	}
}
