package cti

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
)

// TLSMode says how an https phone's certificate is checked.
type TLSMode string

// TLS modes. Phones ship self-signed certificates, so normal verification
// fails on nearly all of them; pinning gives the same protection against a
// later impostor without a CA (trust on first use, like SSH).
const (
	TLSPin      TLSMode = "pin" // default: accept the first certificate, then only that one
	TLSVerifyCA TLSMode = "ca"  // normal verification against the system's CAs
)

// CertNotTrustedError is returned in TLSVerifyCA mode when the phone's
// certificate does not verify. It wraps ErrUnreachable (no request was sent).
type CertNotTrustedError struct {
	Fingerprint string // hex SHA-256 of the certificate the phone presented, if seen
	Err         error  // the verification error
}

func (e *CertNotTrustedError) Error() string {
	return fmt.Sprintf("the phone's HTTPS certificate is not trusted (%v); phones use self-signed certificates: choose the TLS mode \"pin\" (trust the first certificate, then only that one)", e.Err)
}

// Unwrap gives both the verification error and ErrUnreachable.
func (e *CertNotTrustedError) Unwrap() []error { return []error{e.Err, ErrUnreachable} }

// certFingerprint is the hex SHA-256 of a DER certificate, the form browsers
// and the phones' web pages show (without colons).
func certFingerprint(der []byte) string {
	sum := sha256.Sum256(der)
	return hex.EncodeToString(sum[:])
}

// normalizeFingerprint accepts the fingerprint as people copy it (upper case,
// colons or spaces between bytes) and returns lower-case hex.
func normalizeFingerprint(s string) (string, error) {
	s = strings.Map(func(r rune) rune {
		if r == ':' || r == ' ' || r == '-' {
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(s)))
	if s == "" {
		return "", nil
	}
	if b, err := hex.DecodeString(s); err != nil || len(b) != sha256.Size {
		return "", fmt.Errorf("%w: the pinned certificate fingerprint must be 64 hex digits (SHA-256)", ErrInvalidConfig)
	}
	return s, nil
}

// pinStore holds the pinned and last seen fingerprints. Handshakes run on
// transport goroutines, so it is shared state behind a mutex.
type pinStore struct {
	mu     sync.Mutex
	pinned string
	seen   string
	onPin  func(string)
}

// check is the pin-mode verifier: the first certificate ever seen is pinned
// (and reported once through onPin), any other one is refused before a
// request is written.
func (p *pinStore) check(fp string) error {
	p.mu.Lock()
	p.seen = fp
	if p.pinned == "" {
		p.pinned = fp
		onPin := p.onPin
		p.mu.Unlock()
		if onPin != nil {
			onPin(fp)
		}
		return nil
	}
	pinned := p.pinned
	p.mu.Unlock()
	if pinned != fp {
		return &CertChangedError{Pinned: pinned, Presented: fp}
	}
	return nil
}

func (p *pinStore) record(fp string) {
	p.mu.Lock()
	p.seen = fp
	p.mu.Unlock()
}

// fingerprint is the pinned fingerprint, or the last one seen.
func (p *pinStore) fingerprint() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pinned != "" {
		return p.pinned
	}
	return p.seen
}

// compatCipherSuites adds the RSA key-exchange suites that Go no longer
// offers by default to the secure ones: older phone firmware offers nothing
// else. In pin mode the pinned certificate is what authenticates the phone.
var compatCipherSuites = func() []uint16 {
	var ids []uint16
	for _, s := range tls.CipherSuites() {
		ids = append(ids, s.ID)
	}
	return append(ids,
		tls.TLS_RSA_WITH_AES_128_GCM_SHA256, tls.TLS_RSA_WITH_AES_256_GCM_SHA384,
		tls.TLS_RSA_WITH_AES_128_CBC_SHA, tls.TLS_RSA_WITH_AES_256_CBC_SHA)
}()

// tlsConfig builds the client TLS configuration for mode. base (from a
// caller-supplied HTTP client) provides RootCAs for the CA mode. Verification
// is never skipped: pin mode replaces the CA check by the fingerprint check.
func (p *pinStore) tlsConfig(mode TLSMode, serverName string, base *tls.Config) *tls.Config {
	cfg := &tls.Config{ServerName: serverName, MinVersion: tls.VersionTLS12}
	if base != nil {
		cfg.RootCAs = base.RootCAs
	}
	leaf := func(cs tls.ConnectionState) (string, error) {
		if len(cs.PeerCertificates) == 0 {
			return "", errors.New("the phone presented no certificate")
		}
		return certFingerprint(cs.PeerCertificates[0].Raw), nil
	}
	switch mode {
	case TLSVerifyCA:
		cfg.VerifyConnection = func(cs tls.ConnectionState) error {
			fp, err := leaf(cs)
			if err == nil {
				p.record(fp)
			}
			return err
		}
	default:
		cfg.InsecureSkipVerify = true // replaced by VerifyConnection's pin check
		cfg.CipherSuites = compatCipherSuites
		cfg.VerifyConnection = func(cs tls.ConnectionState) error {
			fp, err := leaf(cs)
			if err != nil {
				return err
			}
			return p.check(fp)
		}
	}
	return cfg
}

// certVerifyError reports whether err is a failed CA verification.
func certVerifyError(err error) bool {
	var (
		cve *tls.CertificateVerificationError
		uae x509.UnknownAuthorityError
		hne x509.HostnameError
		cie x509.CertificateInvalidError
	)
	return errors.As(err, &cve) || errors.As(err, &uae) || errors.As(err, &hne) || errors.As(err, &cie)
}
