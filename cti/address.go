package cti

import (
	"net"
	"net/url"
	"strings"
)

// CanonicalAddress is the one spelling of a phone's address that everything
// keyed by the phone (the pinned certificate, the stored passcode, the
// rejected-passcode budget) is looked up by: "http://host" or
// "https://host:port", with the scheme and host in lower case, http when no
// scheme was given, the scheme's default port left out, no trailing dot, no
// path or trailing slash, and IPv6 addresses in their shortest form. Two
// spellings of one phone ("https://Phone.lan:443/", "https://phone.lan")
// give the same result. An address New would refuse is an error wrapping
// ErrInvalidConfig.
func CanonicalAddress(addr string) (string, error) {
	u, err := parseAddress(addr)
	if err != nil {
		return "", err
	}
	return u.String(), nil
}

// SameAddress reports whether a and b name the same phone (both valid and
// equal once canonical).
func SameAddress(a, b string) bool {
	ca, err := CanonicalAddress(a)
	if err != nil {
		return false
	}
	cb, err := CanonicalAddress(b)
	return err == nil && ca == cb
}

// canonicalURL finishes parseAddress: lower-case host without a trailing dot,
// shortest IPv6 form, default port dropped.
func canonicalURL(u *url.URL) *url.URL {
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if ip := net.ParseIP(host); ip != nil && strings.Contains(host, ":") {
		host = ip.String()
	}
	port := u.Port()
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	hp := host
	switch {
	case port != "":
		hp = net.JoinHostPort(host, port)
	case strings.Contains(host, ":"):
		hp = "[" + host + "]"
	}
	return &url.URL{Scheme: u.Scheme, Host: hp}
}
