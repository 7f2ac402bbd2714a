package localapi

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestRequestsNameTheirPhone(t *testing.T) {
	f := newFake()
	_, c := serve(t, f, Options{})
	ctx := ctxT(t)
	for _, cl := range []*Client{c, c.ForPhone("Office"), c.ForPhone("Лаборатория 2"), c.ForPhone("Office").ForPhone("")} {
		if _, err := cl.Dial(ctx, "203"); err != nil {
			t.Fatalf("Dial through a client for %q: %v", cl.Phone(), err)
		}
	}
	f.mu.Lock()
	got := slices.Clone(f.phones)
	f.mu.Unlock()
	if want := []string{"", "Office", "Лаборатория 2", ""}; !slices.Equal(got, want) {
		t.Errorf("the backend saw the phones %q, want %q", got, want)
	}
	if c.Phone() != "" {
		t.Errorf("ForPhone changed the client it was called on: it is for %q", c.Phone())
	}
}

func TestAPhoneNameThatCannotBeOneIsRefused(t *testing.T) {
	f := newFake()
	_, c := serve(t, f, Options{})
	ctx := ctxT(t)
	for _, name := range []string{"   ", "tab\there", strings.Repeat("x", MaxPhoneName+1)} {
		_, err := c.ForPhone(name).Dial(ctx, "203")
		if !errors.Is(err, ErrBadRequest) {
			t.Errorf("phone %q: err %v, want a bad request", name, err)
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.phones) != 0 {
		t.Errorf("the backend was called for a refused phone name: %q", f.phones)
	}
}

func TestValidPhoneName(t *testing.T) {
	for name, want := range map[string]bool{
		"Office": true, "Desk 2": true, "Приёмная": true, strings.Repeat("я", MaxPhoneName): true,
		"": false, " ": false, "a\nb": false, "\x00": false, strings.Repeat("я", MaxPhoneName+1): false, "\xff": false,
	} {
		if got := ValidPhoneName(name); got != want {
			t.Errorf("ValidPhoneName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestUnknownPhoneNamesThePhones(t *testing.T) {
	err := error(&UnknownPhoneError{Name: "Lab", Known: []string{"Office", "Desk 2"}})
	if want := `there is no phone called "Lab" (the phones are: "Office", "Desk 2")`; err.Error() != want {
		t.Errorf("message %q, want %q", err.Error(), want)
	}
	if !errors.Is(err, ErrUnknownPhone) {
		t.Error("does not match ErrUnknownPhone")
	}
}

func TestPhoneNamedFollowsTheNameRule(t *testing.T) {
	st := State{PhoneState: PhoneState{Name: "Office"}, Phones: []PhoneState{{Name: "Office"}, {Name: "Lab", Phone: "10.0.0.31"}}}
	// Names are one phone's whatever the case, as everywhere else (--phone lab).
	if p, ok := st.PhoneNamed("lab"); !ok || p.Phone != "10.0.0.31" {
		t.Errorf(`PhoneNamed("lab") = %+v, %v; want the Lab`, p, ok)
	}
	if _, ok := st.PhoneNamed("Attic"); ok {
		t.Error("a phone there is not was found")
	}
}
