package settings

import (
	"errors"
	"fmt"
	"net"
	"os/exec"
	"strings"
	"time"

	"github.com/zalando/go-keyring"
)

const (
	// KeyringService is the service name of GXP Tray's keyring entries; the
	// secret's name is the entry's user.
	KeyringService = "gxptray"
	// DefaultKeyringTimeout bounds every keyring call.
	DefaultKeyringTimeout = 3 * time.Second
)

// keyringBackend is go-keyring's API; tests put a slow or failing one in.
type keyringBackend interface {
	Get(service, user string) (string, error)
	Set(service, user, password string) error
	Delete(service, user string) error
}

type goKeyring struct{}

func (goKeyring) Get(service, user string) (string, error) { return keyring.Get(service, user) }
func (goKeyring) Set(service, user, pw string) error       { return keyring.Set(service, user, pw) }
func (goKeyring) Delete(service, user string) error        { return keyring.Delete(service, user) }

// keyringStore runs each call in its own goroutine because go-keyring blocks
// forever on a locked Secret Service collection when nothing can show the
// unlock prompt. Calls go one at a time: while a stuck call holds the slot,
// later calls wait at most the timeout instead of piling up goroutines.
type keyringStore struct {
	backend keyringBackend
	timeout time.Duration
	slot    chan struct{}
}

// NewKeyring returns the system keyring (Secret Service, Windows Credential
// Manager, macOS Keychain) under service "gxptray". Every call gives up after
// timeout (DefaultKeyringTimeout when <= 0) with ErrKeyringTimeout; a missing
// keyring is ErrNoKeyring, a missing entry ErrNotFound. A call that timed out
// may still complete later (a Set may then be stored after all).
func NewKeyring(timeout time.Duration) SecretStore { return newKeyring(goKeyring{}, timeout) }

func newKeyring(b keyringBackend, timeout time.Duration) *keyringStore {
	if timeout <= 0 {
		timeout = DefaultKeyringTimeout
	}
	return &keyringStore{backend: b, timeout: timeout, slot: make(chan struct{}, 1)}
}

func (k *keyringStore) Get(name string) (string, error) {
	return k.call(func() (string, error) { return k.backend.Get(KeyringService, name) })
}

func (k *keyringStore) Set(name, value string) error {
	_, err := k.call(func() (string, error) { return "", k.backend.Set(KeyringService, name, value) })
	return err
}

func (k *keyringStore) Delete(name string) error {
	_, err := k.call(func() (string, error) { return "", k.backend.Delete(KeyringService, name) })
	return err
}

func (k *keyringStore) call(op func() (string, error)) (string, error) {
	timer := time.NewTimer(k.timeout)
	defer timer.Stop()
	select {
	case k.slot <- struct{}{}:
	case <-timer.C:
		return "", fmt.Errorf("%w: an earlier keyring request is still waiting", ErrKeyringTimeout)
	}
	type result struct {
		v   string
		err error
	}
	done := make(chan result, 1) // buffered: a late answer must not block the goroutine
	go func() {
		defer func() { <-k.slot }()
		defer func() {
			if r := recover(); r != nil {
				done <- result{err: fmt.Errorf("keyring failure: %v", r)}
			}
		}()
		v, err := op()
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, mapKeyringError(r.err)
	case <-timer.C:
		return "", fmt.Errorf("%w: no answer within %v", ErrKeyringTimeout, k.timeout)
	}
}

// noKeyringTexts are fragments of errors that mean there is no Secret
// Service to use: no session bus, no provider of org.freedesktop.secrets
// (dbus-daemon's and dbus-broker's wording). go-keyring passes D-Bus errors
// through without wrapping them.
var noKeyringTexts = []string{
	"org.freedesktop.secrets was not provided",
	"was not provided by any .service files",
	"is not activatable",
	"dbus_session_bus_address",
}

// lockedTexts: the keyring exists but its collection stays locked (the
// unlock prompt was dismissed or cannot be shown, or there is no default
// collection to unlock).
var lockedTexts = []string{"failed to unlock correct collection"}

func mapKeyringError(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, keyring.ErrNotFound) {
		return ErrNotFound
	}
	var opErr *net.OpError  // the session bus socket cannot be reached
	var execErr *exec.Error // dbus-launch (no session bus address) or macOS security tool missing
	if errors.Is(err, keyring.ErrUnsupportedPlatform) || errors.As(err, &opErr) || errors.As(err, &execErr) ||
		containsAny(err.Error(), noKeyringTexts) {
		return fmt.Errorf("%w: %w", ErrNoKeyring, err)
	}
	if containsAny(err.Error(), lockedTexts) {
		return fmt.Errorf("%w: %w", ErrKeyringTimeout, err)
	}
	return fmt.Errorf("keyring: %w", err)
}

func containsAny(s string, fragments []string) bool {
	low := strings.ToLower(s)
	for _, f := range fragments {
		if strings.Contains(low, f) {
			return true
		}
	}
	return false
}
