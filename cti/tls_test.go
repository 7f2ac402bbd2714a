package cti

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// clTLSPhone is an https fake phone with its own self-signed certificate.
func clTLSPhone(t *testing.T, cert *tls.Certificate, hits *atomic.Int32) *httptest.Server {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		_, _ = w.Write([]byte(seedLineStatus))
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // refused handshakes are the point
	if cert != nil {
		srv.TLS = &tls.Config{Certificates: []tls.Certificate{*cert}}
	}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

// clSelfSigned makes a self-signed certificate for 127.0.0.1, like a phone's.
func clSelfSigned(t *testing.T) *tls.Certificate {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "GXP2170"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return &tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

func TestTLSPinOnFirstUse(t *testing.T) {
	var hits atomic.Int32
	srv := clTLSPhone(t, nil, &hits)
	want := certFingerprint(srv.Certificate().Raw)
	var mu sync.Mutex
	var pinned []string
	c := newClTestClient(t, srv.URL, func(cfg *Config) {
		cfg.OnPin = func(fp string) { mu.Lock(); pinned = append(pinned, fp); mu.Unlock() }
	})
	if !strings.HasPrefix(c.BaseURL(), "https://") {
		t.Fatalf("base %q", c.BaseURL())
	}
	for i := 0; i < 3; i++ {
		if _, err := c.LineStatus(context.Background()); err != nil {
			t.Fatal(err)
		}
		c.Close() // new connections: new handshakes, checked again
	}
	mu.Lock()
	defer mu.Unlock()
	if len(pinned) != 1 || pinned[0] != want {
		t.Errorf("OnPin calls %v, want once with %s", pinned, want)
	}
	if c.Fingerprint() != want {
		t.Errorf("Fingerprint() = %q, want %q", c.Fingerprint(), want)
	}
}

func TestTLSPinnedMatches(t *testing.T) {
	var hits atomic.Int32
	srv := clTLSPhone(t, nil, &hits)
	fp := certFingerprint(srv.Certificate().Raw)
	// As a browser shows it: upper case with colons.
	var shown []string
	for i := 0; i < len(fp); i += 2 {
		shown = append(shown, strings.ToUpper(fp[i:i+2]))
	}
	called := false
	c := newClTestClient(t, srv.URL, func(cfg *Config) {
		cfg.PinnedCert = strings.Join(shown, ":")
		cfg.OnPin = func(string) { called = true }
	})
	if _, err := c.LineStatus(context.Background()); err != nil {
		t.Fatal(err)
	}
	if called {
		t.Error("OnPin called although a certificate was pinned already")
	}
}

func TestTLSCertChanged(t *testing.T) {
	var hits1, hits2 atomic.Int32
	first := clTLSPhone(t, nil, &hits1)
	other := clTLSPhone(t, clSelfSigned(t), &hits2)
	pinned := certFingerprint(first.Certificate().Raw)
	presented := certFingerprint(other.Certificate().Raw)
	c := newClTestClient(t, other.URL, func(cfg *Config) {
		cfg.PinnedCert = pinned
		cfg.Passcode = testPasscode
		cfg.OnPin = func(string) { t.Error("OnPin called for a changed certificate") }
	})
	_, err := c.LineStatus(context.Background())
	var ce *CertChangedError
	if !errors.Is(err, ErrCertChanged) || !errors.As(err, &ce) {
		t.Fatalf("err = %v, want *CertChangedError", err)
	}
	if ce.Pinned != pinned || ce.Presented != presented {
		t.Errorf("fingerprints %s / %s, want %s / %s", ce.Pinned, ce.Presented, pinned, presented)
	}
	if !strings.Contains(err.Error(), pinned) || !strings.Contains(err.Error(), presented) {
		t.Errorf("message lacks the fingerprints: %v", err)
	}
	clAssertNoSecret(t, "error", err.Error(), testPasscode)
	if n := hits2.Load(); n != 0 {
		t.Errorf("the impostor received %d requests", n)
	}
	if c.Fingerprint() != pinned {
		t.Errorf("pin changed to %s", c.Fingerprint())
	}
	// Commands are refused the same way.
	if err := c.SendKeys(context.Background(), "1"); !errors.Is(err, ErrCertChanged) || hits2.Load() != 0 {
		t.Errorf("SendKeys: %v (hits %d)", err, hits2.Load())
	}
}

func TestTLSVerifyCA(t *testing.T) {
	var hits atomic.Int32
	srv := clTLSPhone(t, clSelfSigned(t), &hits)
	c := newClTestClient(t, srv.URL, func(cfg *Config) { cfg.TLSMode = TLSVerifyCA; cfg.Passcode = testPasscode })
	_, err := c.LineStatus(context.Background())
	var nt *CertNotTrustedError
	if !errors.As(err, &nt) || !errors.Is(err, ErrUnreachable) {
		t.Fatalf("err = %v, want *CertNotTrustedError", err)
	}
	if !strings.Contains(err.Error(), "not trusted") || !strings.Contains(err.Error(), `"pin"`) {
		t.Errorf("message does not explain: %v", err)
	}
	if nt.Fingerprint != certFingerprint(srv.Certificate().Raw) {
		t.Errorf("fingerprint %q", nt.Fingerprint)
	}
	clAssertNoSecret(t, "error", err.Error(), testPasscode)
	if hits.Load() != 0 {
		t.Error("a request was sent to an untrusted server")
	}

	// With the certificate trusted (the test server's own client roots), CA mode works.
	var hits2 atomic.Int32
	good := clTLSPhone(t, nil, &hits2)
	c2 := newClTestClient(t, good.URL, func(cfg *Config) { cfg.TLSMode = TLSVerifyCA; cfg.HTTPClient = good.Client() })
	if _, err := c2.LineStatus(context.Background()); err != nil {
		t.Fatal(err)
	}
	if c2.Fingerprint() != certFingerprint(good.Certificate().Raw) {
		t.Errorf("Fingerprint() = %q", c2.Fingerprint())
	}
}

func TestTLSGivenClientStillPins(t *testing.T) {
	// A caller-supplied client that skips verification must not bypass the pin.
	var hits atomic.Int32
	srv := clTLSPhone(t, clSelfSigned(t), &hits)
	insecure := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	c := newClTestClient(t, srv.URL, func(cfg *Config) { cfg.HTTPClient = insecure; cfg.PinnedCert = strings.Repeat("ab", 32) })
	if _, err := c.LineStatus(context.Background()); !errors.Is(err, ErrCertChanged) {
		t.Fatalf("err = %v, want ErrCertChanged", err)
	}
	if hits.Load() != 0 {
		t.Error("request sent despite the pin")
	}
}
