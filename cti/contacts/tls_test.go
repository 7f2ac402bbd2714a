package contacts

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// keepVerifyError checks what crypto/tls checks: the roots and the name.
func TestKeepVerifyErrorChecksRootsAndName(t *testing.T) {
	srv := httptest.NewTLSServer(http.NotFoundHandler())
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "https://")
	roots := x509.NewCertPool()
	roots.AddCert(srv.Certificate())
	for _, tc := range []struct {
		name  string
		roots *x509.CertPool
		ok    bool
	}{
		{"127.0.0.1", roots, true},
		{"example.com", roots, true}, // httptest's certificate names it
		{"wrong.example", roots, false},
		{"127.0.0.1", x509.NewCertPool(), false},
	} {
		c, verr := keepVerifyError(&tls.Config{ServerName: tc.name, RootCAs: tc.roots, MinVersion: tls.VersionTLS12})
		conn, err := tls.Dial("tcp", addr, c)
		if err == nil {
			conn.Close()
		}
		if (err == nil) != tc.ok {
			t.Errorf("%s: handshake %v; want ok=%v", tc.name, err, tc.ok)
			continue
		}
		if !tc.ok {
			var he x509.HostnameError
			var ue x509.UnknownAuthorityError
			if !errors.As(*verr, &he) && !errors.As(*verr, &ue) || errors.As(*verr, &he) != (tc.name == "wrong.example") {
				t.Errorf("%s: kept %v", tc.name, *verr)
			}
		}
	}
}
