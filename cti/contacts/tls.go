package contacts

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
)

// tlsConfig is what a server of c is trusted by: the system's roots, and
// the certificates of c.CAFile (a company's own CA, or a server's
// self-signed certificate) when it is set.
func tlsConfig(c SourceConfig, host string) (*tls.Config, error) {
	tc := &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	if c.CAFile == "" {
		return tc, nil
	}
	pool, err := readCA(c.CAFile)
	if err != nil {
		return nil, err
	}
	tc.RootCAs = pool
	return tc, nil
}

// CheckCAFile says whether path can serve as a source's ca_file: a
// readable file with at least one PEM certificate. Errors wrap
// ErrInvalidSource.
func CheckCAFile(path string) error {
	_, err := readCA(path)
	return err
}

// readCA is the system's roots and the certificates of path.
func readCA(path string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: ca_file: %v", ErrInvalidSource, err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("%w: ca_file %s holds no PEM certificate", ErrInvalidSource, path)
	}
	return pool, nil
}

// CertError is a server certificate that is not trusted: the words say
// which setting makes it trusted.
type CertError struct{ Err error }

func (e *CertError) Error() string {
	return fmt.Sprintf("the server's certificate is not trusted (%v): set ca_file to the PEM file of its CA or of the certificate itself", e.Err)
}

func (e *CertError) Unwrap() error { return e.Err }

// certProblem wraps an untrusted-certificate failure in a CertError.
func certProblem(err error) error {
	var ua x509.UnknownAuthorityError
	var ci x509.CertificateInvalidError
	var hn x509.HostnameError
	var ve *tls.CertificateVerificationError
	if errors.As(err, &ua) || errors.As(err, &ci) || errors.As(err, &hn) || errors.As(err, &ve) {
		return &CertError{Err: err}
	}
	return err
}

// keepVerifyError is tc verifying the server's certificate itself (the
// same checks as crypto/tls: roots, intermediates, host name) and keeping
// the failure, because go-ldap's StartTLS reports a handshake failure as
// text only.
func keepVerifyError(tc *tls.Config) (*tls.Config, *error) {
	verr := new(error)
	c := tc.Clone()
	c.InsecureSkipVerify = true // replaced by VerifyConnection below
	c.VerifyConnection = func(cs tls.ConnectionState) error {
		if len(cs.PeerCertificates) == 0 || tc.ServerName == "" {
			*verr = errors.New("the server sent no certificate")
			return *verr
		}
		opts := x509.VerifyOptions{DNSName: tc.ServerName, Roots: tc.RootCAs, Intermediates: x509.NewCertPool()}
		for _, ic := range cs.PeerCertificates[1:] {
			opts.Intermediates.AddCert(ic)
		}
		_, err := cs.PeerCertificates[0].Verify(opts)
		*verr = err
		return err
	}
	return c, verr
}
