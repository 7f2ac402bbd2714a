package windows

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/contacts"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/localapi/apitest"
)

// contactBackend is the simulated tray with a contact directory read from
// a real file.
type contactBackend struct {
	*simBackend
	localapi.DirectoryBook
}

// contactChain serves the chain's backend plus a directory on a socket of
// its own and returns a client of it.
func contactChain(t *testing.T, c *chain, csv string) *localapi.Client {
	t.Helper()
	file := filepath.Join(t.TempDir(), "team.csv")
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	d := contacts.NewLocal(contacts.Env{}, nil)
	d.Configure("RU", []contacts.SourceConfig{{URL: file}})
	for _, st := range d.Load(context.Background(), false) {
		if st.Err != "" {
			t.Fatal(st.Err)
		}
	}
	return apitest.Client(t, contactBackend{c.back, localapi.DirectoryBook{Directory: d}}, localapi.Options{})
}

const teamCSV = "name,mobile phone,business phone\nОльга Иванова,+7 903 111-22-33,8 495 111 22 33\nOleg Smith,,203\n"

func TestDialPadSearchDialsContact(t *testing.T) {
	c := newChain(t, cti.DialAuto, true)
	d, q := newDialPad(t, contactChain(t, c, teamCSV), "en")
	if d.Search == nil {
		t.Fatal("no search field although the tray has a contact directory")
	}
	test.Type(d.Search.Entry, "ОЛЬГА")
	q.waitFor(t, "the matches", func() bool { return len(d.Search.Results) == 2 })
	labels := []string{d.Search.Results[0].Text, d.Search.Results[1].Text}
	if !slices.Contains(labels, "Ольга Иванова · +79031112233 (mobile)") || !slices.Contains(labels, "Ольга Иванова · +74951112233 (work)") {
		t.Fatalf("listed %q", labels)
	}
	var mobile int
	for i, l := range labels {
		if strings.Contains(l, "mobile") {
			mobile = i
		}
	}
	test.Tap(d.Search.Results[mobile])
	q.waitFor(t, "the dial", func() bool { return len(c.phone.Dialed()) == 1 })
	if got := c.phone.Dialed()[0]; got != "+79031112233" {
		t.Fatalf("phone dialed %q, want +79031112233", got)
	}
}

func TestDialPadSearchEnterDialsFirstAndDigits(t *testing.T) {
	c := newChain(t, cti.DialAuto, true)
	d, q := newDialPad(t, contactChain(t, c, teamCSV), "ru")
	test.Type(d.Search.Entry, "20")
	q.waitFor(t, "the match", func() bool { return len(d.Search.Results) == 1 })
	if got := d.Search.Results[0].Text; got != "Oleg Smith · 203 (рабочий)" {
		t.Fatalf("listed %q", got)
	}
	d.Search.Entry.OnSubmitted(d.Search.Entry.Text) // what Enter does
	q.waitFor(t, "the dial", func() bool { return len(c.phone.Dialed()) == 1 })
	if got := c.phone.Dialed()[0]; got != "203" {
		t.Fatalf("phone dialed %q, want 203", got)
	}
	test.Type(d.Search.Entry, "nobody")
	q.waitFor(t, "no match", func() bool { return d.Search.Empty.Visible() })
	if len(d.Search.Results) != 0 || d.Search.Empty.Text != "Контакты не найдены" {
		t.Fatalf("results %d, empty %q", len(d.Search.Results), d.Search.Empty.Text)
	}
}

func TestDialPadWithoutDirectoryHasNoSearch(t *testing.T) {
	d, _ := newDialPad(t, newFakeAPI(), "en")
	if d.Search != nil {
		t.Fatal("a search field without a contact directory")
	}
}
