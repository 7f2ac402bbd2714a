package settings

import (
	"errors"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

func TestKeyringWithMock(t *testing.T) {
	keyring.MockInit()
	k := NewKeyring(time.Second)
	if _, err := k.Get(SecretPasscode); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get before Set = %v, want ErrNotFound", err)
	}
	if err := k.Set(SecretPasscode, "p@ss w0rd"); err != nil {
		t.Fatal(err)
	}
	if v, err := k.Get(SecretPasscode); err != nil || v != "p@ss w0rd" {
		t.Fatalf("Get = %q, %v", v, err)
	}
	// Stored under service "gxptray", user = the secret's name.
	if v, err := keyring.Get("gxptray", "passcode"); err != nil || v != "p@ss w0rd" {
		t.Errorf("keyring entry gxptray/passcode = %q, %v", v, err)
	}
	if err := k.Delete(SecretPasscode); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Get(SecretPasscode); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get after Delete = %v", err)
	}
	if err := k.Delete(SecretPasscode); !errors.Is(err, ErrNotFound) {
		t.Errorf("Delete of nothing = %v", err)
	}
}

func TestKeyringNoSecretService(t *testing.T) {
	keyring.MockInitWithError(errors.New("The name org.freedesktop.secrets was not provided by any .service files"))
	t.Cleanup(keyring.MockInit)
	k := NewKeyring(time.Second)
	_, err := k.Get(SecretPasscode)
	if !errors.Is(err, ErrNoKeyring) || !strings.Contains(err.Error(), "org.freedesktop.secrets") {
		t.Errorf("Get = %v, want ErrNoKeyring wrapping the cause", err)
	}
	if err := k.Set(SecretPasscode, "x"); !errors.Is(err, ErrNoKeyring) {
		t.Errorf("Set = %v", err)
	}
}

func TestMapKeyringError(t *testing.T) {
	for _, tc := range []struct {
		in   error
		want error
	}{
		{keyring.ErrNotFound, ErrNotFound},
		{keyring.ErrUnsupportedPlatform, ErrNoKeyring},
		{errors.New("The name org.freedesktop.secrets was not provided by any .service files"), ErrNoKeyring},
		{errors.New(`Name "org.freedesktop.secrets" is not activatable`), ErrNoKeyring},
		{&exec.Error{Name: "dbus-launch", Err: exec.ErrNotFound}, ErrNoKeyring},
		{&net.OpError{Op: "dial", Net: "unix", Err: errors.New("connect: no such file or directory")}, ErrNoKeyring},
		{errors.New("failed to unlock correct collection '/org/freedesktop/secrets/collection/login'"), ErrKeyringTimeout},
		{keyring.ErrSetDataTooBig, nil},
		{errors.New("something else"), nil},
	} {
		got := mapKeyringError(tc.in)
		if tc.want == nil {
			if errors.Is(got, ErrNoKeyring) || errors.Is(got, ErrKeyringTimeout) || errors.Is(got, ErrNotFound) || !errors.Is(got, tc.in) {
				t.Errorf("map(%v) = %v, want the error itself", tc.in, got)
			}
			continue
		}
		if !errors.Is(got, tc.want) {
			t.Errorf("map(%v) = %v, want %v", tc.in, got, tc.want)
		}
		if tc.want != ErrNotFound && !errors.Is(got, tc.in) {
			t.Errorf("map(%v) = %v: the cause is not wrapped", tc.in, got)
		}
	}
	if mapKeyringError(nil) != nil {
		t.Error("map(nil) != nil")
	}
}

// blockingBackend answers only when released, like go-keyring on a locked
// collection with no prompter.
type blockingBackend struct {
	release chan struct{}
	mu      sync.Mutex
	calls   int
	store   map[string]string
}

func (b *blockingBackend) wait() {
	b.mu.Lock()
	b.calls++
	b.mu.Unlock()
	<-b.release
}
func (b *blockingBackend) Get(_, user string) (string, error) {
	b.wait()
	b.mu.Lock()
	defer b.mu.Unlock()
	if v, ok := b.store[user]; ok {
		return v, nil
	}
	return "", keyring.ErrNotFound
}
func (b *blockingBackend) Set(_, user, pw string) error {
	b.wait()
	b.mu.Lock()
	defer b.mu.Unlock()
	b.store[user] = pw
	return nil
}
func (b *blockingBackend) Delete(_, user string) error { b.wait(); return nil }

func TestKeyringTimeout(t *testing.T) {
	b := &blockingBackend{release: make(chan struct{}), store: map[string]string{"passcode": "x"}}
	k := newKeyring(b, 50*time.Millisecond)
	if _, err := k.Get(SecretPasscode); !errors.Is(err, ErrKeyringTimeout) {
		t.Fatalf("Get on a hung keyring = %v, want ErrKeyringTimeout", err)
	}
	// While the first call hangs, others give up too, without piling up.
	if err := k.Set(SecretPasscode, "y"); !errors.Is(err, ErrKeyringTimeout) {
		t.Fatalf("Set while hung = %v", err)
	}
	b.mu.Lock()
	calls := b.calls
	b.mu.Unlock()
	if calls != 1 {
		t.Errorf("%d calls reached the hung keyring, want 1", calls)
	}
	// Once it answers, the store works again.
	close(b.release)
	deadline := time.Now().Add(10 * time.Second)
	for {
		v, err := k.Get(SecretPasscode)
		if err == nil {
			if v != "x" {
				t.Errorf("Get = %q", v)
			}
			break
		}
		if !errors.Is(err, ErrKeyringTimeout) || time.Now().After(deadline) {
			t.Fatalf("keyring did not recover: %v", err)
		}
	}
}

type panicBackend struct{}

func (panicBackend) Get(string, string) (string, error) { panic("boom") }
func (panicBackend) Set(string, string, string) error   { panic("boom") }
func (panicBackend) Delete(string, string) error        { panic("boom") }

func TestKeyringPanicIsAnError(t *testing.T) {
	k := newKeyring(panicBackend{}, time.Second)
	if _, err := k.Get("x"); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("Get = %v", err)
	}
	if err := k.Set("x", "y"); err == nil {
		t.Error("Set after a panic: no error")
	}
}

func TestMemoryStore(t *testing.T) {
	var m MemoryStore
	if _, err := m.Get("a"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get = %v", err)
	}
	_ = m.Set("a", "1")
	if v, _ := m.Get("a"); v != "1" {
		t.Errorf("Get = %q", v)
	}
	if err := m.Delete("a"); err != nil {
		t.Error(err)
	}
	if err := m.Delete("a"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Delete twice = %v", err)
	}
}

// fakeStore is a keyring with a chosen error.
type fakeStore struct {
	err error
	MemoryStore
}

func (f *fakeStore) Get(n string) (string, error) {
	if f.err != nil {
		return "", f.err
	}
	return f.MemoryStore.Get(n)
}
func (f *fakeStore) Set(n, v string) error {
	if f.err != nil {
		return f.err
	}
	return f.MemoryStore.Set(n, v)
}
func (f *fakeStore) Delete(n string) error {
	if f.err != nil {
		return f.err
	}
	return f.MemoryStore.Delete(n)
}

func TestLayered(t *testing.T) {
	kr := &fakeStore{err: ErrNoKeyring}
	l := NewLayered(kr)
	// Without the user's consent nothing is kept anywhere.
	if err := l.Set(SecretPasscode, "s1"); !errors.Is(err, ErrNoKeyring) {
		t.Fatalf("Set without consent = %v", err)
	}
	if _, err := l.Get(SecretPasscode); !errors.Is(err, ErrNoKeyring) {
		t.Fatalf("Get = %v", err)
	}
	l.AllowSession(true)
	if err := l.Set(SecretPasscode, "s1"); err != nil {
		t.Fatal(err)
	}
	if v, err := l.Get(SecretPasscode); err != nil || v != "s1" || !l.InSession(SecretPasscode) {
		t.Fatalf("Get = %q, %v, in session %v", v, err, l.InSession(SecretPasscode))
	}
	// The keyring comes back: it wins, and a Set moves the secret there.
	kr.err = nil
	_ = kr.MemoryStore.Set(SecretPasscode, "from-keyring")
	if v, _ := l.Get(SecretPasscode); v != "from-keyring" {
		t.Errorf("Get = %q, want the keyring's value first", v)
	}
	if err := l.Set(SecretPasscode, "s2"); err != nil || l.InSession(SecretPasscode) {
		t.Errorf("Set with a keyring: %v, still in session %v", err, l.InSession(SecretPasscode))
	}
	if v, _ := kr.MemoryStore.Get(SecretPasscode); v != "s2" {
		t.Errorf("keyring holds %q", v)
	}
	// Other keyring failures are not hidden by the session store.
	kr.err = errors.New("keyring: data too big")
	if err := l.Set(SecretPasscode, "s3"); err == nil || l.InSession(SecretPasscode) {
		t.Errorf("Set on a real keyring error = %v", err)
	}
	// Delete from both.
	kr.err = ErrKeyringTimeout
	_ = l.Set(SecretPasscode, "s4")
	if err := l.Delete(SecretPasscode); err != nil || l.InSession(SecretPasscode) {
		t.Errorf("Delete = %v", err)
	}
	kr.err = nil
	if err := l.Delete(SecretPasscode); err != nil {
		t.Errorf("Delete of the keyring copy = %v", err)
	}
	if err := l.Delete(SecretPasscode); !errors.Is(err, ErrNotFound) {
		t.Errorf("Delete of nothing = %v", err)
	}
	// Withdrawing consent forgets the session secrets.
	kr.err = ErrNoKeyring
	_ = l.Set(SecretPasscode, "s5")
	l.AllowSession(false)
	if _, err := l.Get(SecretPasscode); !errors.Is(err, ErrNoKeyring) {
		t.Errorf("Get after withdrawing consent = %v", err)
	}
	// No keyring at all.
	n := NewLayered(nil)
	n.AllowSession(true)
	if err := n.Set("x", "1"); err != nil {
		t.Error(err)
	}
	if v, _ := n.Get("x"); v != "1" {
		t.Errorf("nil keyring Get = %q", v)
	}
}

func TestPushToken(t *testing.T) {
	var m MemoryStore
	a, err := PushToken(&m)
	if err != nil || len(a) != 32 || strings.Trim(a, "0123456789abcdef") != "" {
		t.Fatalf("PushToken = %q, %v", a, err)
	}
	b, _ := PushToken(&m)
	if a != b {
		t.Error("the token changed between calls")
	}
	var other MemoryStore
	if c, _ := PushToken(&other); c == a {
		t.Error("two stores got the same token")
	}
	if _, err := PushToken(&fakeStore{err: ErrKeyringTimeout}); !errors.Is(err, ErrKeyringTimeout) {
		t.Errorf("PushToken on a locked keyring = %v", err)
	}
}

// TestSecretsStayOutOfFiles stores the passcode and the push token the way
// the app does and checks that no file under the app's directories holds them.
func TestSecretsStayOutOfFiles(t *testing.T) {
	keyring.MockInit()
	base := t.TempDir()
	p := pathsUnder(t, base)
	if err := p.Ensure(); err != nil {
		t.Fatal(err)
	}
	const passcode = "Sup3r-Secret-Passcode"
	store := NewLayered(NewKeyring(time.Second))
	if err := store.Set(SecretPasscode, passcode); err != nil {
		t.Fatal(err)
	}
	token, err := PushToken(store)
	if err != nil {
		t.Fatal(err)
	}
	s := sample()
	if err := Save(p.ConfigFile, s); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Load(p.ConfigFile); err != nil {
		t.Fatal(err)
	}
	files := 0
	err = filepath.WalkDir(base, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, secret := range []string{passcode, token} {
			if strings.Contains(string(data), secret) {
				t.Errorf("%s contains a secret", path)
			}
		}
		return nil
	})
	if err != nil || files == 0 {
		t.Fatalf("walk: %v, %d files", err, files)
	}
	if v, _ := keyring.Get(KeyringService, SecretPasscode); v != passcode {
		t.Errorf("the passcode is not in the keyring: %q", v)
	}
}
