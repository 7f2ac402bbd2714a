package settings

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"

	"github.com/gxptray/gxptray/cti"
)

// Errors of the secret stores.
var (
	// ErrNoKeyring: there is no Secret Service (Linux/BSD), Credential
	// Manager (Windows) or Keychain (macOS) to use. The user may keep the
	// passcode for this session only (Layered.AllowSession).
	ErrNoKeyring = errors.New("no system keyring is available")
	// ErrKeyringTimeout: the keyring is locked and nobody unlocks it (the
	// prompt was dismissed or cannot be shown), or it did not answer within
	// the timeout.
	ErrKeyringTimeout = errors.New("the system keyring is locked or does not answer")
	// ErrNotFound: no secret of that name is stored.
	ErrNotFound = errors.New("no such secret is stored")
)

// Names of the stored secrets.
const (
	SecretPasscode  = "passcode"   // the phone's admin password
	SecretPushToken = "push-token" // the token the phone's Action URL requests must carry
	// SecretPushTokenPhone records the canonical address of the phone whose
	// token SecretPushToken is (see PushTokenFor).
	SecretPushTokenPhone = "push-token-phone"
)

// SecretStore keeps named secrets outside the settings file. Get answers
// ErrNotFound for a name never stored.
type SecretStore interface {
	Get(name string) (string, error)
	Set(name, value string) error
	Delete(name string) error
}

// MemoryStore keeps secrets in memory until the process ends. The zero value
// is ready to use; it is safe for concurrent use.
type MemoryStore struct {
	mu sync.Mutex
	m  map[string]string
}

// Get returns the secret or ErrNotFound.
func (m *MemoryStore) Get(name string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.m[name]
	if !ok {
		return "", ErrNotFound
	}
	return v, nil
}

// Set stores the secret.
func (m *MemoryStore) Set(name, value string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.m == nil {
		m.m = map[string]string{}
	}
	m.m[name] = value
	return nil
}

// Delete forgets the secret; ErrNotFound when there was none.
func (m *MemoryStore) Delete(name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.m[name]; !ok {
		return ErrNotFound
	}
	delete(m.m, name)
	return nil
}

// Layered uses the keyring first and, once the user agreed (AllowSession),
// memory for this session when the keyring cannot be used (ErrNoKeyring,
// ErrKeyringTimeout). It is safe for concurrent use.
type Layered struct {
	keyring SecretStore // nil: no keyring at all
	session MemoryStore

	mu           sync.Mutex
	allowSession bool
}

// NewLayered wraps keyring (nil when there is none).
func NewLayered(keyring SecretStore) *Layered { return &Layered{keyring: keyring} }

// AllowSession records whether the user agreed to keep secrets in memory for
// this session when the keyring cannot keep them. Turning it off forgets the
// secrets kept so.
func (l *Layered) AllowSession(ok bool) {
	l.mu.Lock()
	l.allowSession = ok
	l.mu.Unlock()
	if !ok {
		l.session.mu.Lock()
		l.session.m = nil
		l.session.mu.Unlock()
	}
}

func (l *Layered) sessionAllowed() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.allowSession
}

// InSession reports whether name is held for this session only (not in the
// keyring), for the settings window to say so.
func (l *Layered) InSession(name string) bool {
	_, err := l.session.Get(name)
	return err == nil
}

func (l *Layered) keyringGet(name string) (string, error) {
	if l.keyring == nil {
		return "", ErrNoKeyring
	}
	return l.keyring.Get(name)
}

// Get returns the keyring's value, else the session's when allowed, else the
// keyring's error.
func (l *Layered) Get(name string) (string, error) {
	v, err := l.keyringGet(name)
	if err == nil {
		return v, nil
	}
	if l.sessionAllowed() {
		if sv, serr := l.session.Get(name); serr == nil {
			return sv, nil
		}
	}
	return "", err
}

// Set stores in the keyring; when the keyring is unusable and the session
// store is allowed, in memory instead (InSession then reports it). Otherwise
// the keyring's error is returned and nothing is kept.
func (l *Layered) Set(name, value string) error {
	var err error
	if l.keyring == nil {
		err = ErrNoKeyring
	} else {
		err = l.keyring.Set(name, value)
	}
	if err == nil {
		_ = l.session.Delete(name) // the keyring holds it now
		return nil
	}
	if keyringUnusable(err) && l.sessionAllowed() {
		return l.session.Set(name, value)
	}
	return err
}

// Delete removes name from both stores: nil when either had it,
// ErrNotFound when neither did, the keyring's error when it cannot tell.
func (l *Layered) Delete(name string) error {
	serr := l.session.Delete(name)
	var kerr error = ErrNoKeyring
	if l.keyring != nil {
		kerr = l.keyring.Delete(name)
	}
	switch {
	case kerr == nil:
		return nil
	case errors.Is(kerr, ErrNotFound) || keyringUnusable(kerr):
		if serr == nil {
			return nil
		}
		if errors.Is(kerr, ErrNotFound) {
			return ErrNotFound
		}
	}
	return kerr
}

func keyringUnusable(err error) bool {
	return errors.Is(err, ErrNoKeyring) || errors.Is(err, ErrKeyringTimeout)
}

// PushToken returns the Action URL token kept in store, creating and
// storing a random one (32 hex digits) the first time. The phone sends it
// back in every Action URL request, so the listener can tell the phone from
// anyone else on the network.
func PushToken(store SecretStore) (string, error) {
	return tokenIn(store, SecretPushToken)
}

// tokenIn returns the token kept in store as name, making one the first time.
func tokenIn(store SecretStore, name string) (string, error) {
	v, err := store.Get(name)
	if err == nil && len(v) >= 16 {
		return v, nil
	}
	if err != nil && !errors.Is(err, ErrNotFound) {
		return "", err
	}
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("push token: %w", err)
	}
	token := hex.EncodeToString(b)
	if err := store.Set(name, token); err != nil {
		return "", err
	}
	return token, nil
}

// PushTokenFor returns the Action URL token of the phone at address phone,
// creating it the first time: each phone has its own, so that a request
// with one phone's token is taken for that phone only. The token of
// SecretPushToken (PushToken) stays the one of the phone it was made for,
// the settings' phone savedPhone when nothing says otherwise, or the phone
// asked for when the settings have none (the owner is then recorded): the Action URLs already written into that phone keep
// working, also after the list's order changes. Every other phone's token
// is a secret of its own, named after its canonical address. Without a
// phone (phone ""), it is PushToken.
func PushTokenFor(store SecretStore, phone, savedPhone string) (string, error) {
	if phone == "" {
		// No phone known yet: the token of SecretPushToken, which the
		// first phone set up takes.
		return PushToken(store)
	}
	c, err := cti.CanonicalAddress(phone)
	if err != nil {
		return "", err
	}
	owner, err := store.Get(SecretPushTokenPhone)
	switch {
	case err == nil && owner != "":
		owner = canonical(owner)
	case err != nil && !errors.Is(err, ErrNotFound):
		return "", err
	default:
		owner = canonical(savedPhone)
		if savedPhone == "" {
			owner = c // no settings' phone: the phone asked is the one
		}
		if owner == c {
			_ = store.Set(SecretPushTokenPhone, c) // best effort: asked again next time
		}
	}
	if owner == c {
		return PushToken(store)
	}
	return tokenIn(store, SecretPushToken+"@"+c)
}
