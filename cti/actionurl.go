package cti

import (
	"net"
	"net/url"
	"strings"
)

// ActionURLSettingsPage is where the Action URL fields are in the phone's
// web UI, per model family.
const ActionURLSettingsPage = "GXP17xx, GXP21xx, GRP26xx: Settings -> Outbound Notification -> Action URL; " +
	"GXP16xx: Maintenance -> Action URL"

// ActionURLField is one value to paste into the phone's web UI.
type ActionURLField struct {
	Event  string // path element, e.g. "incoming" (PushIncoming)
	PValue string // the phone's configuration key, e.g. "P8310"
	Label  string // the field's label on the web page, e.g. "Incoming Call"
	URL    string // the value to paste
}

// actionURLEvent is one Action URL field of the phone's web page.
type actionURLEvent struct{ event, pvalue, label string }

// actionURLEvents lists the fields in the order the web page shows them.
var actionURLEvents = []actionURLEvent{
	{PushIncoming, "P8310", "Incoming Call"},
	{PushOutgoing, "P8311", "Outgoing Call"},
	{PushMissed, "P8312", "Missed Call"},
	{PushEstablished, "P8313", "Established Call"},
	{PushTerminated, "P8314", "Terminated Call"},
	{PushHold, "P8324", "Hold"},
	{PushUnhold, "P8325", "Unhold"},
}

// actionURLQuery holds the one variable the listener reads (see
// PushListener), which keeps the value short: the phone drops values over
// about 256 characters.
const actionURLQuery = "?remote=$remote"

// ActionURLFields returns the values to paste into the phone's Action URL
// fields: baseURL (e.g. "http://192.168.1.10:8765", as the phone reaches
// this computer; "http://" is added when missing) + "/<token>/<event>" +
// the variables the listener reads.
func ActionURLFields(baseURL, token string) []ActionURLField {
	return actionURLFields(actionURLEvents, baseURL, token, actionURLQuery)
}

// actionURLFields are the fields of events: baseURL + "/<token>/<event>" +
// query.
func actionURLFields(events []actionURLEvent, baseURL, token, query string) []ActionURLField {
	base := strings.TrimRight(strings.TrimSpace(baseURL), "/")
	if !strings.Contains(base, "://") {
		base = "http://" + base
	}
	fields := make([]ActionURLField, 0, len(events))
	for _, e := range events {
		fields = append(fields, ActionURLField{Event: e.event, PValue: e.pvalue, Label: e.label,
			URL: base + "/" + url.PathEscape(token) + "/" + e.event + query})
	}
	return fields
}

// PushBaseURL is the listener's base URL as the phone will reach it. When the
// listener is bound to all interfaces (0.0.0.0 or ::), the address of this
// computer on the route to phone (a host, host:port or URL) is used; "" if
// that cannot be found.
func PushBaseURL(listen net.Addr, phone string) string {
	if listen == nil {
		return ""
	}
	host, port, err := net.SplitHostPort(listen.String())
	if err != nil {
		return ""
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = localIPToward(phone)
		if host == "" {
			return ""
		}
	}
	return "http://" + net.JoinHostPort(host, port)
}

// localIPToward returns the local address used to reach phone. Connecting
// a UDP socket only consults the routing table: no packet is sent.
func localIPToward(phone string) string {
	host := strings.TrimSpace(phone)
	if host == "" {
		return ""
	}
	if u, err := url.Parse(host); err == nil && u.Host != "" {
		host = u.Hostname()
	} else if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	c, err := net.Dial("udp", net.JoinHostPort(host, "9"))
	if err != nil {
		return ""
	}
	defer c.Close()
	if a, ok := c.LocalAddr().(*net.UDPAddr); ok {
		return a.IP.String()
	}
	return ""
}
